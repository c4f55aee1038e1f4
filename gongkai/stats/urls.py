from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import views

app_name = "stats"
urlpatterns = [path("<dbid:page_id>/", views.hits, name="hits")]
