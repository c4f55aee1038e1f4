"""/api/open/: the open data API (namespace "opendata")."""

from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import api

app_name = "opendata"

urlpatterns = [
    path("", api.schema, name="schema"),
    path("openapi.json", api.schema, name="openapi"),
    path("items/", api.items, name="items"),
    path("items/<dbid:item_id>/", api.item_detail, name="item"),
    path("items.<str:file_format>", api.bulk, name="bulk"),
    path("columns/", api.columns, name="columns"),
    path("columns/<dbid:column_id>/feed.json", api.column_json_feed, name="json_feed"),
    path("columns/<dbid:column_id>/feed.atom", api.column_atom_feed, name="atom_feed"),
    path("organisations/", api.organisations, name="organisations"),
]
