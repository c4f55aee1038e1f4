"""URLs of the column pages that are not pages of the tree.

`catalog_urlpatterns` join the "search" namespace under /search/ (gongkai/urls.py), so
their names and addresses did not change when the views moved here from search.
"""

from django.urls import path

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import views

catalog_urlpatterns = [
    path("catalog/<dbid:column_id>/", views.catalog, name="catalog"),
    path(
        "catalog/<dbid:column_id>/export.<str:file_format>",
        views.catalog_export,
        name="catalog_export",
    ),
]

app_name = "columns"
urlpatterns = [path("wzdt/", views.site_map, name="site_map")]
