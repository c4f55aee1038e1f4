from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import views
from .review import ReviewView

app_name = "gongkai_editorial"
urlpatterns = [
    path("urgent/", views.urgent_index_view, name="urgent_index"),
    path(
        "urgent/<dbid:urgent_id>/review/",
        views.urgent_review_view,
        name="urgent_review",
    ),
    path(
        "pages/<dbid:page_id>/urgent-publish/",
        views.urgent_publish_view,
        name="urgent_publish",
    ),
    path("pages/<dbid:page_id>/withdraw/", views.withdraw_view, name="withdraw"),
    path("review/<dbid:task_state_id>/", ReviewView.as_view(), name="review"),
]
