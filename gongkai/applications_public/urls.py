"""Public URLs of 依申请公开, mounted at /apply/ (namespace "apply") by gongkai.urls."""

from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import views

app_name = "apply"

urlpatterns = [
    path("", views.intro, name="intro"),
    path("form/", views.application_form, name="form"),
    path("receipt/", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("log/", views.disclosure_log, name="log"),
    path("files/<dbid:pk>/", views.attachment, name="attachment"),
]
