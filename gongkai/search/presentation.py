"""What the search page and the catalog table show around the hits: facet links with
counts, the selected filters, sort links and the pager.

Every link is built from the current parameters and a base path, so the catalog table
on a column's static page links to the dynamic catalog view under /search/.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext

from .results import Facet, SearchResults, SortOrder

# Parameters that never travel in links (a new filter or sort starts again at page 1).
_DROPPED_ON_CHANGE = ("page",)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None
    is_current: bool = False


@dataclass(frozen=True)
class FacetLinks:
    name: str
    label: str
    links: list[Link]


@dataclass(frozen=True)
class Pager:
    number: int
    num_pages: int
    first: str
    previous: str
    next: str
    last: str
    window: list[Link]


def build_url(base: str, params: QueryDict, **changes: list[str] | str | None) -> str:
    """`base` with `params`, each of `changes` replacing (None: removing) a parameter."""
    query = params.copy()
    for name in _DROPPED_ON_CHANGE:
        query.pop(name, None)
    for name, value in changes.items():
        query.pop(name, None)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        query.setlist(name, [v for v in values if v != ""])
    pairs = [(k, v) for k, values in query.lists() for v in values if v != ""]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def facet_links(
    results: SearchResults, params: QueryDict, base: str
) -> list[FacetLinks]:
    """Each facet's values as links that add or remove that value from the filter."""
    groups = []
    for facet in results.facets:
        if not facet.values:
            continue
        groups.append(
            FacetLinks(facet.name, facet.label, _links_of(facet, params, base))
        )
    return groups


def _links_of(facet: Facet, params: QueryDict, base: str) -> list[Link]:
    chosen = [v for v in params.getlist(facet.name) if v]
    values = facet.values
    if facet.name == "year":
        # Years read best in order, newest first; other facets keep the engine's order.
        values = sorted(values, key=lambda v: v.value, reverse=True)
    links = []
    for value in values:
        selected = value.selected or value.value in chosen
        new = (
            [v for v in chosen if v != value.value]
            if selected
            else [*chosen, value.value]
        )
        url = build_url(base, params, **{facet.name: new})
        links.append(Link(value.label, url, value.count, is_current=selected))
    return links


def selected_filters(
    results: SearchResults, params: QueryDict, base: str
) -> list[Link]:
    """The filters in force, each with the link that removes it."""
    labels = {
        (facet.name, value.value): f"{facet.label}：{value.label}"
        for facet in results.facets
        for value in facet.values
    }
    facet_labels = {facet.name: facet.label for facet in results.facets}
    links = []
    for name, values in results.query.filters.items():
        for value in values:
            label = labels.get(
                (name, value), f"{facet_labels.get(name, name)}：{value}"
            )
            remaining = [v for v in params.getlist(name) if v and v != value]
            links.append(Link(label, build_url(base, params, **{name: remaining})))
    return links


def sort_links(results: SearchResults, params: QueryDict, base: str) -> list[Link]:
    """相关度 (only when there are words), 最新, 最早."""
    options = [
        (SortOrder.NEWEST, gettext("日期从新到旧")),
        (SortOrder.OLDEST, gettext("日期从旧到新")),
    ]
    if results.query.text:
        options.insert(0, (SortOrder.RELEVANCE, gettext("相关度")))
    return [
        Link(
            label,
            build_url(base, params, sort=order.value),
            is_current=results.query.sort == order,
        )
        for order, label in options
    ]


def pager(
    results: SearchResults, params: QueryDict, base: str, *, radius: int = 2
) -> Pager | None:
    """首页/上一页/numbers/下一页/尾页, or None when everything fits on one page."""
    per_page = max(results.query.per_page, 1)
    num_pages = max((results.total + per_page - 1) // per_page, 1)
    if num_pages == 1:
        return None
    number = min(results.query.page, num_pages)

    def page_url(n: int) -> str:
        return build_url(base, params, page=str(n) if n > 1 else None)

    low, high = max(1, number - radius), min(num_pages, number + radius)
    window = [
        Link(str(n), page_url(n), is_current=n == number) for n in range(low, high + 1)
    ]
    return Pager(
        number=number,
        num_pages=num_pages,
        first=page_url(1) if number > 1 else "",
        previous=page_url(number - 1) if number > 1 else "",
        next=page_url(number + 1) if number < num_pages else "",
        last=page_url(num_pages) if number < num_pages else "",
        window=window,
    )


def page_out_of_range(results: SearchResults) -> bool:
    """A page number past the last page of a non-empty result."""
    return not results.hits and results.total > 0 and results.query.page > 1
