"""The interface of the public search's text index, and what both vendors share.

Every difference between SQLite FTS5 and PostgreSQL full text lives behind
`IndexBackend`; `index_store.backend()` picks the implementation once, from the
connection's vendor (as modelsearch picks its backend from settings), and selectors
and indexing only call its operations. An abstract class rather than a typing
Protocol: both implementations share `titles` and `id_range`, and instantiating one
that misses an operation fails at once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import connection
from django.db.models import QuerySet

if TYPE_CHECKING:  # understanding imports index_store, which imports this module
    from ..understanding import Understood

DOC_TABLE = "search_searchdocument"
Window = tuple[int, int]  # an inclusive range of page ids
# (page_id, title, score, body score), best first
Block = list[tuple[int, str, float, float]]
Documents = QuerySet[Any]  # SearchDocument rows (the model is not imported here)


@dataclass(frozen=True)
class IndexedText:
    """The four token streams of one item, each space-separated (units as pairs)."""

    page_id: int
    title_words: str
    body_words: str
    title_units: str
    body_units: str


@dataclass(frozen=True)
class Sample:
    """A fixed part of the index to count a broad query on, and its share of the
    documents (see selectors._match_counts).

    SQLite: ranges of page ids, since FTS5 reads only those ranges of each list.
    PostgreSQL: buckets of page ids, since a bucket is a lexeme in each tsvector and
    GIN intersects it with the query; with ranges the planner tests the rows of the
    ranges one by one, reading each tsvector (measured 58 us a row at 100,000 items).
    """

    share: float
    size: int  # documents in the sample
    windows: tuple[Window, ...] = ()
    # SQLite: the newest ids, as many as the windows hold, and the documents there.
    tail: Window = (0, 0)
    tail_size: int = 0
    buckets: tuple[int, ...] = ()

    @property
    def tail_share(self) -> float:
        return self.share * self.tail_size / self.size

    def scaled(
        self, counts: dict[str, list[tuple[int, int]]]
    ) -> dict[str, list[tuple[int, int]]]:
        return {
            name: [(value, max(1, round(n / self.share))) for value, n in rows]
            for name, rows in counts.items()
        }


class IndexBackend(ABC):
    """The operations of the text index beside `SearchDocument`, for one vendor.

    Expressions are the strings `expression` compiles (FTS5 MATCH or to_tsquery
    text); querysets are of SearchDocument and carry the search's filters."""

    vendor: ClassVar[str]  # connection.vendor this backend serves

    # -- writing (indexing.py) -------------------------------------------------

    @abstractmethod
    def write_texts(self, texts: Sequence[IndexedText]) -> None:
        """Insert or replace the segmented text of these items (documents must exist)."""

    @abstractmethod
    def delete_texts(self, page_ids: Sequence[int]) -> None:
        """Forget the text of these items (their documents are being deleted)."""

    @abstractmethod
    def clear_texts(self) -> None:
        """Forget every item's text (before a rebuild)."""

    @abstractmethod
    def bulk_load(self) -> AbstractContextManager[None]:
        """Around writing the whole index (a rebuild)."""

    # -- compiling a query -----------------------------------------------------

    @abstractmethod
    def expression(self, understood: Understood, *, title_only: bool = False) -> str:
        """The query's match expression in this index's language."""

    @abstractmethod
    def scoring_expression(
        self,
        understood: Understood,
        *,
        title_only: bool,
        sample: Callable[[], Sample | None],
    ) -> str:
        """The expression to score the matches of `expression` with, when a looser
        one ranks them the same for less ("" for the expression itself). `sample`
        is asked for only when needed (it may count the documents)."""

    # -- reading (selectors.py) -------------------------------------------------

    @abstractmethod
    def index_scans(self) -> AbstractContextManager[None]:
        """Around one search: the planner settings that search is measured with."""

    @abstractmethod
    def sample(self, size: int) -> Sample | None:
        """About `size` documents spread over the index; None when the index holds no
        more than that."""

    @abstractmethod
    def filter_matching(
        self,
        queryset: Documents,
        expression: str,
        *,
        title_only: bool = False,
        sample: Sample | None = None,
    ) -> Documents:
        """Documents whose text matches `expression` (compiled with the same
        `title_only`); with `sample`, only the sample's documents."""

    @abstractmethod
    def tail_estimate(
        self, queryset: Documents, expression: str, sample: Sample
    ) -> float | None:
        """The number of matches estimated from the sample's newest ids alone, where
        this index can count them cheaply first; None where it cannot."""

    @abstractmethod
    def filter_each(
        self, queryset: Documents, expression: str, *, title_only: bool = False
    ) -> Documents:
        """Like filter_matching, for walking another index in order (by date) and
        testing each document on its own; run it inside `per_row_tests`."""

    @abstractmethod
    def per_row_tests(self) -> AbstractContextManager[None]:
        """Around a `filter_each` query."""

    @abstractmethod
    def scores_every_match(self, total: float | None) -> bool:
        """Whether ranking may score each of `total` matches (None: not known yet)."""

    @abstractmethod
    def scored(
        self,
        queryset: Documents,
        expression: str,
        *,
        scoring: str = "",
        title_only: bool = False,
    ) -> Documents:
        """The documents matching `expression` with `score` and `body_score` (higher
        is better) selected; `scoring` from `scoring_expression`. The body score may
        be 0.0 (an index without `scores_in_counts` scores in `block_sql`)."""

    # Whether the counting statement's matches come from `scored` (their scores are
    # cheap to select for every match), or plain, scored in `block_sql` only.
    scores_in_counts: ClassVar[bool] = True

    def block_sql(
        self, expression: str, *, title_only: bool, depth: int
    ) -> tuple[str, list[Any]]:
        """A SELECT, with its parameters, of the `depth` best matches as (page_id,
        title, score, body_score), best first, over the counting statement's CTE `m`
        (selectors._counts: page_id and published_at, and with `scores_in_counts`
        score and body_score). Titles are read for these rows only."""
        best = (
            "SELECT page_id, score, body_score, published_at FROM m"
            f" ORDER BY score DESC, published_at DESC, page_id DESC LIMIT {int(depth)}"
        )
        return (
            "SELECT b.page_id AS page_id, d.title AS title, b.score AS score,"
            " b.body_score AS body_score"
            f" FROM ({best}) AS b JOIN {DOC_TABLE} AS d ON d.page_id = b.page_id"
            " ORDER BY b.score DESC, b.published_at DESC, b.page_id DESC",
            [],
        )

    @abstractmethod
    def ranked(
        self,
        queryset: Documents,
        expression: str,
        *,
        start: int,
        stop: int,
        with_body_score: bool = False,
        title_only: bool = False,
    ) -> list[tuple[int, str, float, float]]:
        """(page_id, title, score, body score) of the matches ranked start..stop, best
        first. `queryset` carries the filters but not the text match. The body score
        is 0.0 unless asked for."""

    @abstractmethod
    def newest(
        self,
        queryset: Documents,
        expression: str,
        *,
        start: int,
        stop: int,
        title_only: bool = False,
        few: bool = False,
    ) -> list[tuple[int, str]]:
        """(page_id, title) of the matches start..stop, highest page id first, read
        without enumerating every match. `few`: the caller knows the matches are few
        (an index may then collect and sort them instead)."""

    @abstractmethod
    def newest_titles(
        self, queryset: Documents, titles: str, sample: Sample, *, count: int
    ) -> list[tuple[int, str]]:
        """About the `count` newest title matches (`titles` compiled title_only) of a
        broad query, the candidates of its first results."""

    @abstractmethod
    def counting_sql(self, sql: str) -> str:
        """The SQL of the documents to count facets over (or to rank), rewritten to
        read them the cheapest way this index has."""

    # -- shared ----------------------------------------------------------------

    def titles(self, page_ids: Sequence[int]) -> dict[int, str]:
        """The titles of these documents, for ranked rows read without them."""
        if not page_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(page_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id, title FROM {DOC_TABLE} WHERE page_id IN ({placeholders})",
                list(page_ids),
            )
            return dict(cursor.fetchall())

    def id_range(self) -> tuple[int, int, int]:
        """(lowest page id, highest page id, number of documents) of the index. The
        number of a large table may be an estimate (`_estimated_count`); a small
        table is counted (its statistics may be stale or missing)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MIN(page_id), MAX(page_id) FROM {DOC_TABLE}")
            low, high = cursor.fetchone()
            count = self._estimated_count(cursor)
            if count < 100_000:
                cursor.execute(f"SELECT COUNT(*) FROM {DOC_TABLE}")
                count = cursor.fetchone()[0]
        return int(low or 0), int(high or 0), int(count or 0)

    def _estimated_count(self, cursor: Any) -> int:
        """The number of documents where the database knows it without counting, or
        -1 (then they are counted)."""
        return -1
