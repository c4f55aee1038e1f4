"""The JSON search API (/api/search/), with the search page's parameters, and its
OpenAPI 3 description (/api/search/openapi.json)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .forms import SearchForm
from .openapi import build_schema
from .results import Facet, SearchHit, SearchResults

_JSON = {"ensure_ascii": False}


def _run_search(query: Any) -> SearchResults:
    from .views import run_search

    return run_search(query)


@require_safe
def search(request: HttpRequest) -> JsonResponse:
    form = SearchForm(request.GET)
    query = form.to_query()
    _filters, filter_notices = form.selected_filters()
    if form.errors or filter_notices:
        # An API caller gets a 400 naming each bad parameter rather than a guess.
        errors = [
            {"parameter": name, "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        errors += [
            {"parameter": "filters", "message": notice} for notice in filter_notices
        ]
        return JsonResponse({"errors": errors}, status=400, json_dumps_params=_JSON)
    results = _run_search(query)
    response = JsonResponse(
        serialize(results, notices=form.notices), json_dumps_params=_JSON
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


def serialize(results: SearchResults, *, notices: list[str]) -> dict[str, Any]:
    query = results.query
    per_page = max(query.per_page, 1)
    return {
        "query": {
            "q": query.text,
            "title_only": query.title_only,
            "filters": {name: list(values) for name, values in query.filters.items()},
            "date_from": query.published_from.isoformat()
            if query.published_from
            else None,
            "date_to": query.published_to.isoformat() if query.published_to else None,
            "index_number": query.index_number,
            "document_number": query.document_number,
            "validity": query.validity,
            "sort": query.sort.value,
            "page": query.page,
            "per_page": query.per_page,
        },
        "total": results.total,
        "num_pages": max((results.total + per_page - 1) // per_page, 1),
        "corrected_text": results.corrected_text,
        "suggested_text": results.suggested_text,
        "expanded_terms": list(results.expanded_terms),
        "direct_url": results.direct_url,
        "message": results.message,
        "notices": notices,
        "hits": [_hit(hit) for hit in results.hits],
        "facets": [_facet(facet) for facet in results.facets],
        "facets_estimated": results.facets_estimated,
        "total_estimated": results.total_estimated,
    }


def _hit(hit: SearchHit) -> dict[str, Any]:
    return {
        "page_id": hit.page_id,
        "url": hit.url,
        "title": hit.title,
        "title_html": hit.title_html,
        "snippet_html": hit.snippet_html,
        "publisher": hit.publisher,
        "published_on": hit.published_on.isoformat() if hit.published_on else None,
        "column": {"title": hit.column_title, "url": hit.column_url},
        "index_number": hit.index_number,
        "document_number": hit.document_number,
        "validity": hit.validity,
        "genre": hit.genre,
        "topic": hit.topic,
        "score": hit.score,
    }


def _facet(facet: Facet) -> dict[str, Any]:
    return {
        "name": facet.name,
        "label": facet.label,
        "values": [
            {
                "value": v.value,
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
            }
            for v in facet.values
        ],
    }


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    server = request.build_absolute_uri("/").rstrip("/")
    schema = build_schema(server_url=server, search_path=reverse("search_api:search"))
    return JsonResponse(schema, json_dumps_params=_JSON)
