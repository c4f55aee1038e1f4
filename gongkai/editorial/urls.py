from django.urls import path

from . import views

app_name = "gongkai_editorial"
urlpatterns = [
    path("urgent/", views.urgent_index_view, name="urgent_index"),
    path("urgent/<int:urgent_id>/review/", views.urgent_review_view, name="urgent_review"),
    path("pages/<int:page_id>/urgent-publish/", views.urgent_publish_view, name="urgent_publish"),
    path("pages/<int:page_id>/withdraw/", views.withdraw_view, name="withdraw"),
]
