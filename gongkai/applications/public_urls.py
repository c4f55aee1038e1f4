"""Public URLs of 依申请公开, mounted at /apply/ (namespace "apply") by gongkai.urls."""

from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import public_views

app_name = "apply"

urlpatterns = [
    path("", public_views.intro, name="intro"),
    path("form/", public_views.application_form, name="form"),
    path("receipt/", public_views.receipt, name="receipt"),
    path("status/", public_views.status, name="status"),
    path("log/", public_views.disclosure_log, name="log"),
    path("files/<dbid:pk>/", public_views.attachment, name="attachment"),
]
