"""The dynamic pages of a catalog-mode column (/search/catalog/<column id>/): its
filtered, sorted and later pages and the CSV/XLSX download. The static first page is
ColumnPage.serve; both take their context from selectors.column_context.

They are served under /search/ (URL names search:catalog, search:catalog_export: see
gongkai/urls.py) because nginx hands /search/ to the application; they live here
because they are the column's page, and search must not import the page types.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from wagtail.models import Site

from gongkai.core.enums import ColumnListMode
from gongkai.search.views import catalog_export_response

from .models import ColumnPage
from .selectors import catalog_sources, column_context


def _catalog_column(column_id: int) -> ColumnPage:
    column = (
        ColumnPage.objects.live()
        .public()
        .filter(pk=column_id, list_mode=ColumnListMode.CATALOG)
        .first()
    )
    if column is None:
        raise Http404(gettext("没有这个公开目录栏目。"))
    return column


@require_safe
def catalog(request: HttpRequest, column_id: int) -> HttpResponse:
    column = _catalog_column(column_id)
    context = {"page": column, "self": column, "is_dynamic": True}
    context.update(column_context(column, request.GET))
    return render(request, "columns/catalog_page.html", context)


@require_safe
def catalog_export(
    request: HttpRequest, column_id: int, file_format: str
) -> HttpResponse:
    column = _catalog_column(column_id)
    return catalog_export_response(
        request,
        file_format=file_format,
        title=column.title,
        scope_page_id=column.pk,
        also_page_ids=catalog_sources(column),
    )


def site_map(request: HttpRequest) -> HttpResponse:
    """网站地图: the column tree of the site (政府网站发展指引: every site offers one).
    Published as a file (publishing.targets.site_targets); served here in development."""
    if Site.find_for_request(request) is None:
        raise Http404
    return render(request, "columns/site_map.html")
