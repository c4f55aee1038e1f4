"""The segmented text beside `SearchDocument`: SQLite FTS5 or a PostgreSQL tsvector.

Written by hand rather than through modelsearch because the public search needs facet
counts over the matching set and filters on denormalised columns in one SQL query;
modelsearch's IndexEntry is keyed by content type and object id and holds no facets.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "search_fts"
DOC_TABLE = "search_searchdocument"
# bm25 weights per FTS5 column: title words, body words, title units, body units.
FTS_WEIGHTS = (10.0, 1.0, 4.0, 0.4)
# ts_rank weights for D, C, B, A: body units, title units, body words, title words.
TS_WEIGHTS = "{0.02, 0.2, 0.1, 1.0}"

CREATE_FTS_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, body, title_units, body_units, tokenize='unicode61 remove_diacritics 0')"
)


@dataclass(frozen=True)
class IndexedText:
    """The four token streams of one item, each space-separated."""

    page_id: int
    title_words: str
    body_words: str
    title_units: str
    body_units: str


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def index_scans() -> Iterator[None]:
    """On PostgreSQL, make the planner use the GIN index even for common words.

    For a word in most rows the planner prefers a sequential scan, which reads and
    de-TOASTs every tsvector (measured: 227 ms against 18 ms for the bitmap index scan
    at 20,000 items). Set for the search's own transaction only, and restored after.
    """
    if not is_postgres():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on")


def write_texts(texts: Sequence[IndexedText]) -> None:
    """Insert or replace the segmented text of these items (documents must exist)."""
    if not texts:
        return
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.executemany(
                f"UPDATE {DOC_TABLE} SET vector = "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
                " || setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
                " WHERE page_id = %s",
                [(t.title_words, t.body_words, t.title_units, t.body_units, t.page_id) for t in texts],
            )
        else:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(t.page_id,) for t in texts]
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, title_units, body_units)"
                " VALUES (%s, %s, %s, %s, %s)",
                [(t.page_id, t.title_words, t.body_words, t.title_units, t.body_units) for t in texts],
            )


def delete_texts(page_ids: Sequence[int]) -> None:
    if page_ids and not is_postgres():
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(i,) for i in page_ids])


def clear_texts() -> None:
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")


def filter_matching(
    queryset: QuerySet, expression: str, *, sample_step: int = 1, limit: int | None = None  # type: ignore[type-arg]
) -> QuerySet:  # type: ignore[type-arg]
    """Documents whose text matches a compiled expression (to_fts5 / to_tsquery).

    SQLite only: `sample_step` > 1 keeps about one match in `sample_step`, chosen by a
    multiplicative hash of the page id (spread over ids, not the first ones); `limit`
    keeps the first `limit` matches of the text index (before other filters)."""
    if is_postgres():
        return queryset.extra(
            where=[f"{DOC_TABLE}.vector @@ to_tsquery('simple', %s)"], params=[expression]
        )
    sample = f" AND (rowid * 2654435761) %% 4294967296 %% {int(sample_step)} = 0" if sample_step > 1 else ""
    return queryset.filter(
        page_id__in=RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{sample}"
            + (f" LIMIT {int(limit)}" if limit is not None else ""),
            [expression],
        )
    )


def count_matches(expression: str) -> int | None:
    """SQLite: the number of matches in the text index alone (no filters, no document
    lookups: 15 ms for 100,000 matches). None on PostgreSQL."""
    if is_postgres():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])
        return int(cursor.fetchone()[0])


def with_score(queryset: QuerySet, expression: str) -> QuerySet:  # type: ignore[type-arg]
    """Annotate `score` (higher is better) on a queryset already filtered by `expression`."""
    if is_postgres():
        return queryset.annotate(
            score=RawSQL(
                f"ts_rank_cd('{TS_WEIGHTS}'::float4[], {DOC_TABLE}.vector, to_tsquery('simple', %s))",
                [expression],
            )
        )
    # A join, not a correlated subquery: FTS5 is read once and each match looks up its
    # document by primary key; bm25() is only valid in the statement that runs MATCH.
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    return queryset.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {DOC_TABLE}.page_id", f"{FTS_TABLE} MATCH %s"],
        params=[expression],
        select={"score": f"-bm25({FTS_TABLE}, {weights})"},
    )


# bm25 / ts_rank_cd weights of the body columns only (second-stage ranking, ranking.py).
FTS_BODY_WEIGHTS = (0.0, 1.0, 0.0, 0.4)
TS_BODY_WEIGHTS = "{0.02, 0.0, 0.1, 0.0}"


def ranked(
    queryset: QuerySet, expression: str, *, start: int, stop: int, with_body_score: bool = False  # type: ignore[type-arg]
) -> list[tuple[int, str, float, float]]:
    """(page_id, title, score, body score) of the matches ranked start..stop, best first.

    `queryset` carries the filters but not the text match (this adds it once). Only
    ids, titles and scores are sorted: sorting whole rows (bodies included) over a broad
    match was the slowest part of a search. The body score is 0.0 unless asked for.
    """
    order = ("-score", "-published_at", "-pk")
    if is_postgres():
        rows = list(
            with_score(filter_matching(queryset, expression), expression)
            .order_by(*order).values_list("page_id", "title", "score")[start:stop]
        )
        body: dict[int, float] = {}
        if with_body_score and rows:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT page_id, ts_rank_cd('{TS_BODY_WEIGHTS}'::float4[], vector, to_tsquery('simple', %s))"
                    f" FROM {DOC_TABLE} WHERE page_id = ANY(%s)",
                    [expression, [r[0] for r in rows]],
                )
                body = dict(cursor.fetchall())
        return [(pk, title, float(score), float(body.get(pk, 0.0))) for pk, title, score in rows]
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    select = {"score": f"-bm25({FTS_TABLE}, {weights})"}
    if with_body_score:
        select["body_score"] = f"-bm25({FTS_TABLE}, {', '.join(str(w) for w in FTS_BODY_WEIGHTS)})"
    fields = ["page_id", "title", "score", *(["body_score"] if with_body_score else [])]
    rows = list(
        queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {DOC_TABLE}.page_id", f"{FTS_TABLE} MATCH %s"],
            params=[expression],
            select=select,
        ).order_by(*order).values_list(*fields)[start:stop]
    )
    return [(r[0], r[1], float(r[2]), float(r[3]) if with_body_score else 0.0) for r in rows]


FACET_INDEX = "search_document_facets"  # migration 0006, SQLite only


def counting_sql(sql: str) -> str:
    """The SQL of the documents to count facets over, on SQLite read through the
    covering facet index when the documents come from a text match (a lookup per
    match: measured 100 ms against 170-280 ms reading table rows, 100,000 matches)."""
    table = f'FROM "{DOC_TABLE}"'
    if is_postgres() or f"{FTS_TABLE} MATCH" not in sql or table not in sql:
        return sql
    return sql.replace(table, f"{table} INDEXED BY {FACET_INDEX}", 1)
