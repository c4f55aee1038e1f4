"""Dynamic search URLs: the page under /search/ (namespace "search"; the catalog
pages of columns join it from gongkai.columns.urls), the JSON API under /api/search/
(namespace "search_api")."""

from django.urls import path

from . import api, views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
]

api_urlpatterns = (
    [
        path("", api.search, name="search"),
        path("openapi.json", api.openapi, name="openapi"),
    ],
    "search_api",
)
