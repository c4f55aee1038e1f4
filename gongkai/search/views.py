"""The public search page (/search/) and the catalog table of catalog-mode columns
with its CSV/XLSX download (the column pages at /search/catalog/<column id>/ are
gongkai.columns.views, which call the table functions here).

Views parse the query string (forms), call the engine (selectors.search_items) and
render; the links around the hits come from `presentation`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from gongkai.core.client_address import client_address
from gongkai.core.models import Organisation

from . import exports, presentation, result_cache
from .forms import SearchForm
from .query_log import list_hot_terms, list_related_terms, record_search
from .results import SearchQuery, SearchResults, SortOrder


def run_search(query: SearchQuery) -> SearchResults:
    """The engine's one entry point (imported when called: the engine is its own module).
    Answers are cached per process until the index changes (result_cache.py)."""
    from .selectors import search_items

    return result_cache.cached_search(query, lambda q: search_items(query=q))


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.to_query()
    if _is_blank(form, query):
        return _landing(request, form)
    key = _page_key(request)
    if key is None:
        page = _search_page(request, form, query)
    else:
        # Kept like the answers themselves (result_cache: until the index or the
        # stored model changes, at most TTL_SECONDS); the hot and related terms shown
        # with it are as old, at most a minute. A kept page is given out without
        # searching (its answer is kept with it for the count below), and one past its
        # lifetime is rendered again in the background while it is still given out
        # (never across an index change). Not Django's cache_page: it keys on the URL
        # only (not the index generation), and in the shared cache that also holds
        # the rate limits and login lockouts, a flood of distinct searches would
        # evict those.
        page = result_cache.cached_value(
            "search_page",
            key,
            lambda: _search_page(request, form, query),
            refresh=True,
        )
    if page.redirect:
        return HttpResponseRedirect(page.redirect)
    record_search(
        page.results,
        user_agent=request.headers.get("User-Agent"),
        client=client_address(request),
    )
    return HttpResponse(page.html)


@dataclass(frozen=True)
class _Page:
    """The answer of the search page: the HTML (or where to redirect) and the search
    answer it shows (record_search counts it)."""

    results: SearchResults
    html: str = ""
    redirect: str = ""


def _search_page(request: HttpRequest, form: SearchForm, query: SearchQuery) -> _Page:
    results = run_search(query)
    if results.direct_url and _goes_straight(form, query):
        return _Page(results, redirect=results.direct_url)
    html = render_to_string(
        "search/search.html", _page_context(form, results), request=request
    )
    return _Page(results, html=html)


def _page_context(form: SearchForm, results: SearchResults) -> dict[str, Any]:
    query = results.query
    params = cast(QueryDict, form.data)  # the form is bound to request.GET
    context = _result_context(results, params, reverse("search:search"))
    context.update(
        form=form,
        notices=_notices(form, results),
        advanced_open=form.is_advanced(),
        hot_terms=list_hot_terms(),
        related_terms=list_related_terms(results) if query.text else [],
        publishers=_publisher_choices(),
    )
    return context


# A page with more rows than this is rendered each time (as result_cache keeps no
# answer of more rows): the page cache stays about as large as the result cache.
MAX_CACHED_PAGE_ROWS = result_cache.MAX_CACHED_PER_PAGE


def _page_key(request: HttpRequest) -> Hashable | None:
    """The key of this search page in the page cache, or None when it must be
    rendered for this request alone.

    The page is the same for every anonymous visitor who asks the same parameters of
    the same site: it holds no CSRF token (its forms are GET), no user and no message
    (tests/test_views: SearchPageCacheTests). A request with a session cookie (an
    editor signed in) is rendered each time, so nothing of a session ever lands in
    an entry another visitor is given."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    per_page = request.GET.get("per_page", "")
    if per_page.isdigit() and int(per_page) > MAX_CACHED_PAGE_ROWS:
        return None
    params = tuple(sorted((name, tuple(v)) for name, v in request.GET.lists()))
    return (request.get_host(), get_language(), params)


def _is_blank(form: SearchForm, query: SearchQuery) -> bool:
    """Nothing to search for: no words, no filter, no advanced field."""
    return not (
        query.text or query.filters or query.validity or form.has_advanced_values()
    )


def _landing(request: HttpRequest, form: SearchForm) -> HttpResponse:
    """The search page before a search: the form and the hot terms."""
    notices = form.error_messages()
    if "q" in request.GET:
        notices.insert(0, gettext("请输入检索词。"))
    context = {
        "form": form,
        "landing": True,
        "notices": notices,
        "hot_terms": list_hot_terms(),
        "publishers": _publisher_choices(),
    }
    return render(request, "search/search.html", context)


def _goes_straight(form: SearchForm, query: SearchQuery) -> bool:
    """An index/document number typed alone opens its item; with filters it is listed."""
    return (
        bool(query.text)
        and query.page == 1
        and not query.filters
        and not form.has_advanced_values()
    )


def _result_context(
    results: SearchResults, params: QueryDict, base: str
) -> dict[str, Any]:
    return {
        "results": results,
        "facets": presentation.facet_links(results, params, base),
        "selected_filters": presentation.selected_filters(results, params, base),
        "sort_links": presentation.sort_links(results, params, base),
        "pager": presentation.pager(results, params, base),
        "out_of_range": presentation.page_out_of_range(results),
        "clear_url": presentation.build_url(
            base, QueryDict(), q=params.get("q") or None
        ),
        "first_page_url": presentation.build_url(base, params),
    }


def _notices(form: SearchForm, results: SearchResults) -> list[str]:
    """The form's messages about the parameters, then the engine's about the words."""
    return [*form.error_messages(), *([results.message] if results.message else [])]


def _publisher_choices() -> list[tuple[int, str]]:
    return list(Organisation.objects.order_by("name").values_list("pk", "name"))


# -- the disclosure catalog (公开目录): search with no words, as a table ---------------------


def catalog_table_context(
    *,
    params: QueryDict,
    per_page: int,
    scope_page_id: int,
    also_page_ids: tuple[int, ...],
    base: str,
) -> dict[str, Any]:
    """The catalog table of the pages below `scope_page_id` (and `also_page_ids`) for these
    parameters (empty: the static first page). The column page that shows it is
    gongkai.columns (its `column_context`); this module knows pages only by id."""
    form = SearchForm(params, default_sort=SortOrder.NEWEST, default_per_page=per_page)
    query = form.to_query(
        scope_page_id=scope_page_id, also_page_ids=also_page_ids, title_only=True
    )
    results = run_search(query)
    context = _result_context(results, params, base)
    context.update(
        form=form,
        notices=_notices(form, results),
        validity_choices=cast(forms.ChoiceField, form.fields["validity"]).choices,
        publishers=_publisher_choices(),
        export_csv_url=presentation.build_url(f"{base}export.csv", params),
        export_xlsx_url=presentation.build_url(f"{base}export.xlsx", params),
        export_max_rows=exports.max_rows(),
    )
    return context


def catalog_export_response(
    request: HttpRequest,
    *,
    file_format: str,
    title: str,
    scope_page_id: int,
    also_page_ids: tuple[int, ...],
) -> HttpResponse:
    """The catalog table of these pages as a CSV/XLSX download (every matching row)."""
    form = SearchForm(request.GET, default_sort=SortOrder.NEWEST)
    query = form.to_query(
        scope_page_id=scope_page_id,
        also_page_ids=also_page_ids,
        title_only=True,
        with_facets=False,
        page=1,
    )
    table = exports.collect_rows(query, run_search, absolute=request.build_absolute_uri)
    return exports.response(table, file_format=file_format, title=title)
