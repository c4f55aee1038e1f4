from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [path("<int:page_id>/", views.hits, name="hits")]
