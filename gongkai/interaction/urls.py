from django.urls import path

from . import views

app_name = "hudong"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("write/", views.letter_form, name="form"),
    path("status/", views.letter_status, name="status"),
    path("status/rating/", views.letter_rating, name="rating"),
]
