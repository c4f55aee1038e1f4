"""Admin URLs, mounted under /admin/applications/ by wagtail_hooks."""

from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import views

app_name = "gongkai_applications"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("cohandling/<dbid:pk>/", views.CohandlingView.as_view(), name="cohandling"),
    path("<dbid:pk>/", views.DetailView.as_view(), name="detail"),
    path(
        "<dbid:pk>/documents/<slug:kind>/",
        views.DocumentView.as_view(),
        name="document",
    ),
    path(
        "<dbid:pk>/documents/<slug:kind>/<dbid:target_pk>/",
        views.DocumentView.as_view(),
        name="document",
    ),
    path(
        "<dbid:pk>/attachments/",
        views.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "<dbid:pk>/attachments/<dbid:target_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(
        "<dbid:pk>/attachments/<dbid:target_pk>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("<dbid:pk>/<slug:action>/", views.ActionView.as_view(), name="action"),
    path(
        "<dbid:pk>/<slug:action>/<dbid:target_pk>/",
        views.ActionView.as_view(),
        name="action",
    ),
]
