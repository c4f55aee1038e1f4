"""Dynamic search URLs: the page and the catalog table under /search/ (namespace
"search"), the JSON API under /api/search/ (namespace "search_api")."""

from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import api, views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("catalog/<dbid:column_id>/", views.catalog, name="catalog"),
    path(
        "catalog/<dbid:column_id>/export.<str:file_format>",
        views.catalog_export,
        name="catalog_export",
    ),
]

api_urlpatterns = (
    [
        path("", api.search, name="search"),
        path("openapi.json", api.openapi, name="openapi"),
    ],
    "search_api",
)
