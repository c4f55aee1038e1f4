from django.urls import path

from . import solicitation_views, views

app_name = "hudong"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("write/", views.letter_form, name="form"),
    path("status/", views.letter_status, name="status"),
    path("status/rating/", views.letter_rating, name="rating"),
    path("zhengji/", solicitation_views.solicitation_list, name="solicitations"),
    path(
        "zhengji/<int:pk>/",
        solicitation_views.solicitation_detail,
        name="solicitation",
    ),
]
