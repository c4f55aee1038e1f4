"""The public search's text index on SQLite: an FTS5 table beside the documents.

FTS5 keeps a one-character prefix index (`prefix='1'`, migration 0007), so a
one-character query (`发*`) reads one list; without it a prefix query merges every
pair's list (measured 120 ms against 0.4 ms for a windowed count at 200,000 items).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models.expressions import RawSQL

from .base import (
    DOC_TABLE,
    Documents,
    IndexBackend,
    IndexedText,
    Sample,
    Window,
)

if TYPE_CHECKING:
    from ..understanding import Understood

FTS_TABLE = "search_fts"
# bm25 weights per FTS5 column: title words, body words, title units, body units.
FTS_WEIGHTS = (10.0, 1.0, 4.0, 0.4)
# bm25 weights of the body columns only (second-stage ranking, ranking.py).
FTS_BODY_WEIGHTS = (0.0, 1.0, 0.0, 0.4)
FACET_INDEX = "search_document_facets"  # migration 0006, SQLite only
# The newest title matches of a broad query are looked for among the newest
# documents, as many as the sample holds, then ten times as many (newest_titles).
BROAD_TITLE_REGIONS = (1, 10)


def _weights(weights: Sequence[float]) -> str:
    return ", ".join(str(w) for w in weights)


class SQLiteIndex(IndexBackend):
    vendor: ClassVar[str] = "sqlite"

    # -- writing ---------------------------------------------------------------

    def write_texts(self, texts: Sequence[IndexedText]) -> None:
        if not texts:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",
                [(t.page_id,) for t in texts],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, title_units, body_units)"
                " VALUES (%s, %s, %s, %s, %s)",
                [
                    (
                        t.page_id,
                        t.title_words,
                        t.body_words,
                        t.title_units,
                        t.body_units,
                    )
                    for t in texts
                ],
            )

    def delete_texts(self, page_ids: Sequence[int]) -> None:
        if page_ids:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",
                    [(i,) for i in page_ids],
                )

    def clear_texts(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    def bulk_load(self) -> AbstractContextManager[None]:
        return nullcontext()  # FTS5 merges its segments itself

    # -- compiling -------------------------------------------------------------

    def expression(self, understood: Understood, *, title_only: bool = False) -> str:
        return understood.expression(postgres=False, title_only=title_only)

    def scoring_expression(
        self,
        understood: Understood,
        *,
        title_only: bool,
        sample: Callable[[], Sample | None],
    ) -> str:
        """The query without the clauses that more than half of the documents hold,
        when it has others.

        FTS5's bm25 first counts each phrase's documents over the whole index (its
        IDF): for a clause in most documents (的, 来, 发展 ...) that reads a list of
        hundreds of thousands of entries (~100 ms for a character in every document
        at 1,000,000 items), and bm25 then gives the clause no weight (an IDF under
        zero is clamped to ~0). Leaving it out of the scoring expression changes no
        order. Each clause is counted on the sample (a few ms); a small index (no
        sample) keeps the query whole."""
        drawn = sample() if understood.several_words else None
        if drawn is None:
            return ""
        return understood.scoring_expression(
            lambda clause: self.count_in_sample(clause, drawn) * 2 > drawn.size,
            title_only=title_only,
        )

    # -- reading ---------------------------------------------------------------

    def index_scans(self) -> AbstractContextManager[None]:
        return nullcontext()  # SQLite's planner always uses the FTS5 index for MATCH

    def sample(self, size: int) -> Sample | None:
        """8 windows of page ids spread over the index, and the newest ids (the tail)."""
        low, high, count = self.id_range()
        if count <= size:
            return None
        span, windows_count = high - low + 1, 8
        step, width = (
            span // windows_count,
            max(1, span * size // count // windows_count),
        )
        windows = tuple(
            (low + i * step, low + i * step + width - 1) for i in range(windows_count)
        )
        tail = (high - width * windows_count + 1, high)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE "
                + " OR ".join("page_id BETWEEN %s AND %s" for _ in windows),
                [bound for window in windows for bound in window],
            )
            inside = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE page_id BETWEEN %s AND %s",
                tail,
            )
            tail_size = cursor.fetchone()[0]
        return (
            Sample(
                share=inside / count,
                size=inside,
                windows=windows,
                tail=tail,
                tail_size=tail_size,
            )
            if inside
            else None
        )

    def filter_matching(
        self,
        queryset: Documents,
        expression: str,
        *,
        title_only: bool = False,
        sample: Sample | None = None,
    ) -> Documents:
        # FTS5 expressions carry their column filter: `title_only` needs nothing here.
        sql, params = _fts_subquery(expression, sample.windows if sample else ())
        return queryset.filter(page_id__in=RawSQL(sql, params))

    def count_in_sample(self, expression: str, sample: Sample) -> int:
        """The documents of the sample matching an FTS5 expression, counted in the
        text index alone (only the sample's ranges of each list are read)."""
        sql, params = _fts_subquery(expression, sample.windows)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql})", params)
            return int(cursor.fetchone()[0])

    def tail_estimate(
        self, queryset: Documents, expression: str, sample: Sample
    ) -> float | None:
        """The documents of `queryset` matching among the newest ids of the sample
        (Sample.tail, Sample.tail_share of the index), scaled up.

        The tail, because FTS5 looks for an AND's next match beyond a window's end,
        through the rest of the index: a window in the middle costs as much as
        counting everything when the match is narrow (measured 17 ms a window for
        three words at 1,000,000 items), while past the tail there is nothing to
        read."""
        if not sample.tail_size:
            return None
        filters = _filters_sql(queryset)
        if filters is None:
            return 0.0
        where, params = filters
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {FTS_TABLE} JOIN {DOC_TABLE} ON {DOC_TABLE}.page_id = {FTS_TABLE}.rowid"
                f" WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid >= %s{where}",
                [expression, sample.tail[0], *params],
            )
            inside = int(cursor.fetchone()[0])
        return inside / sample.tail_share

    def filter_each(
        self, queryset: Documents, expression: str, *, title_only: bool = False
    ) -> Documents:
        """FTS5 seeks to the one rowid of each document."""
        return queryset.extra(
            where=[
                f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
                f" AND {FTS_TABLE}.rowid = {DOC_TABLE}.page_id)"
            ],
            params=[expression],
        )

    def per_row_tests(self) -> AbstractContextManager[None]:
        return nullcontext()

    def scores_every_match(self, total: float | None) -> bool:
        return True  # bm25 costs a few microseconds a match

    def scored(
        self,
        queryset: Documents,
        expression: str,
        *,
        scoring: str = "",
        title_only: bool = False,
    ) -> Documents:
        """Both scores bm25: `score` weighted for every column, `body_score` for the
        body's. With a looser `scoring` expression the matches are those of
        `expression` and bm25 scores them with `scoring`."""
        if scoring and scoring != expression:
            queryset, expression = self.filter_matching(queryset, expression), scoring
        # A join, not a correlated subquery: FTS5 is read once and each match looks
        # up its document by primary key; bm25() is only valid in the statement that
        # runs MATCH.
        return queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {DOC_TABLE}.page_id", f"{FTS_TABLE} MATCH %s"],
            params=[expression],
            select={
                "score": f"-bm25({FTS_TABLE}, {_weights(FTS_WEIGHTS)})",
                "body_score": f"-bm25({FTS_TABLE}, {_weights(FTS_BODY_WEIGHTS)})",
            },
        )

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
        """Only ids and scores are sorted: sorting whole rows (bodies included) over
        a broad match was the slowest part of a search."""
        order = ("-score", "-published_at", "-pk")
        fields = ["page_id", "score", *(["body_score"] if with_body_score else [])]
        matches = (
            self.scored(queryset, expression)
            .order_by(*order)
            .values_list(*fields)[start:stop]
        )
        # Every match is sorted: reading its ordering columns from the covering facet
        # index instead of its table row (title and body, a page each) saves a page
        # read per match (~30 % of the statement for a phrase with 800 matches at
        # 1,000,000 items). Titles are then read for the rows kept only.
        sql, params = matches.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(self.counting_sql(sql), params)
            rows = cursor.fetchall()
        found = self.titles([r[0] for r in rows])
        return [
            (
                r[0],
                found.get(r[0], ""),
                float(r[1]),
                float(r[2]) if with_body_score else 0.0,
            )
            for r in rows
        ]

    def newest(
        self,
        queryset: Documents,
        expression: str,
        *,
        start: int,
        stop: int,
        title_only: bool = False,
        few: bool = False,
        since: int | None = None,
    ) -> list[tuple[int, str]]:
        """Walks the text index backwards by rowid and stops at `stop`, checking each
        match's document against the filters (`few` changes nothing here). `since`:
        only page ids from there on, read forwards and then sorted -- FTS5 walking
        backwards does not stop at a lower bound, so a match that is rare there (a
        broad query's title matches) was looked for through the whole index (70 ms
        against 6 ms for the newest 100,000 of 1,000,000 items)."""
        filters = _filters_sql(queryset)
        if filters is None:
            return []
        where, params = filters
        sql = (
            f"SELECT {FTS_TABLE}.rowid, {DOC_TABLE}.title FROM {FTS_TABLE}"
            f" JOIN {DOC_TABLE} ON {DOC_TABLE}.page_id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s"
            + (f" AND {FTS_TABLE}.rowid >= %s" if since is not None else "")
            + where
            # "+rowid": an expression, so that FTS5 reads forwards and SQLite sorts.
            + f" ORDER BY {'+' if since is not None else ''}{FTS_TABLE}.rowid DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    expression,
                    *([since] if since is not None else []),
                    *params,
                    stop - start,
                    start,
                ],
            )
            return [(int(r[0]), r[1]) for r in cursor.fetchall()]

    def newest_titles(
        self, queryset: Documents, titles: str, sample: Sample, *, count: int
    ) -> list[tuple[int, str]]:
        """Among the newest documents (`newest` since), a region ten times larger
        when the first holds too few."""
        low, high = (
            sample.tail
        )  # the newest ids, about as many as the sample's documents
        rows: list[tuple[int, str]] = []
        for factor in BROAD_TITLE_REGIONS:
            since = high - factor * (high - low + 1) + 1
            rows = self.newest(
                queryset, titles, start=0, stop=count, title_only=True, since=since
            )
            if len(rows) == count:
                break
        return rows

    def counting_sql(self, sql: str) -> str:
        """Read through the covering facet index when the documents come from a text
        match (a lookup per match: measured 100 ms against 170-280 ms reading table
        rows, 100,000 matches)."""
        table = f'FROM "{DOC_TABLE}"'
        if f"{FTS_TABLE} MATCH" not in sql or table not in sql:
            return sql
        return sql.replace(table, f"{table} INDEXED BY {FACET_INDEX}", 1)


def _fts_subquery(expression: str, windows: Sequence[Window]) -> tuple[str, list[Any]]:
    """SQL of the matching rowids, restricted to id windows (one seek per window and
    term: FTS5 starts and stops each list at the window's bounds)."""
    select = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    if not windows:
        return select, [expression]
    parts, params = [], []
    for low, high in windows:
        parts.append(f"{select} AND rowid BETWEEN %s AND %s")
        params += [expression, low, high]
    return " UNION ALL ".join(parts), params


def _filters_sql(queryset: Documents) -> tuple[str, list[Any]] | None:
    """The WHERE of a queryset of documents as " AND ..." SQL and its parameters ("" when
    it has none), or None when it can match nothing."""
    query = queryset.query
    try:
        where, params = query.where.as_sql(
            query.get_compiler(connection=connection), connection
        )
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "", []
    return f" AND {where}", list(params)
