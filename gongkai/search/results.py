"""The contract between the search engine and its users (search page, JSON API, catalog mode).

`gongkai.search.selectors.search_items(query=SearchQuery(...)) -> SearchResults` is the one
entry point. The engine fills these; views and templates only read them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from .corrections import changed_parts
from .normalisation import normalise


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


# Facet names, also the query-string parameter names of the search page and the API.
FACET_NAMES = ("column", "genre", "topic", "publisher", "year")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    title_only: bool = False
    # facet name (one of FACET_NAMES) -> selected values, as strings (ids, or a year)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None
    index_number: str = ""
    document_number: str = ""
    validity: str = ""  # catalog.enums Validity value, "" for any
    scope_page_id: int | None = (
        None  # only items below this page (a site's home, a column)
    )
    also_page_ids: tuple[
        int, ...
    ] = ()  # with scope_page_id: and the items below these pages
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = 1
    per_page: int = 20
    with_facets: bool = True


@dataclass(frozen=True)
class SearchHit:
    page_id: int
    url: str
    title: str
    title_html: str  # escaped, with <mark> around matched terms
    snippet_html: str  # escaped, with <mark> around matched terms
    publisher: str
    published_on: datetime.date | None
    column_title: str
    column_url: str
    index_number: str
    document_number: str
    validity: str  # display label, "" when not applicable
    genre: str
    topic: str
    score: float


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # one of FACET_NAMES
    label: str  # 栏目, 体裁分类, 主题分类, 发布机构, 年份
    values: list[FacetValue]


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit]
    total: int
    facets: list[Facet]
    # "您是不是要找": the corrected query whose results are shown, or "" when none
    corrected_text: str = ""
    # "您是不是要找" offered as a link only: the query as typed found results, which
    # are shown; "" when there is no confident correction
    suggested_text: str = ""
    # terms the query was expanded with (synonyms, pinyin readings), for display
    expanded_terms: tuple[str, ...] = ()
    # the URL of the one item an index number or document number query names
    direct_url: str = ""
    # a clear Chinese message for a query that cannot be run as typed ("" otherwise)
    message: str = ""
    # True when the counts are estimates from a sample of a very broad match
    # (selectors._match_counts): shown as "约".
    facets_estimated: bool = False
    total_estimated: bool = False

    @property
    def correction_parts(self) -> list[tuple[str, bool]]:
        """The corrected or suggested text in parts, each marked whether the
        correction changed it (shown highlighted)."""
        text = self.corrected_text or self.suggested_text
        if not text:
            return []
        return changed_parts(normalise(self.query.text)[: len(text)], text)
