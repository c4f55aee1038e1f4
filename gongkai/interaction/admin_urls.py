from django.urls import path

from . import admin_views

app_name = "gongkai_interaction"

urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("<int:pk>/", admin_views.letter, name="letter"),
    path("annual/", admin_views.annual, name="annual"),
    path("zhengji/<int:pk>/", admin_views.opinions, name="opinions"),
]
