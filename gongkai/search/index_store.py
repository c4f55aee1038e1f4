"""The segmented text beside `SearchDocument`: SQLite FTS5 or PostgreSQL tsvectors.

Written by hand rather than through modelsearch because the public search needs facet
counts over the matching set and filters on denormalised columns in one SQL query;
modelsearch's IndexEntry is keyed by content type and object id and holds no facets.

Units are stored as character pairs (segmentation.unit_tokens). A one-character query
must still find every item holding that character, wherever it stands:
- FTS5 keeps a one-character prefix index (`prefix='1'`), so `发*` reads one list;
  without it a prefix query merges every pair's list (measured 120 ms against 0.4 ms
  for a windowed count at 200,000 items);
- PostgreSQL gets each character as its own lexeme at the same position as the pair it
  begins, written as a tsvector literal (to_tsvector cannot place two lexemes at one
  position), so a one-character query is one GIN entry.
PostgreSQL also keeps the title's lexemes in their own column (`title_vector`, GIN):
a title-only search with weight labels would recheck the tsvector of every candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "search_fts"
DOC_TABLE = "search_searchdocument"
# bm25 weights per FTS5 column: title words, body words, title units, body units.
FTS_WEIGHTS = (10.0, 1.0, 4.0, 0.4)
# ts_rank weights for D, C, B, A: body units, title units, body words, title words.
TS_WEIGHTS = "{0.02, 0.2, 0.1, 1.0}"
MAX_TS_POSITION = 16_383  # PostgreSQL clamps larger positions to this one


@dataclass(frozen=True)
class IndexedText:
    """The four token streams of one item, each space-separated (units as pairs)."""

    page_id: int
    title_words: str
    body_words: str
    title_units: str
    body_units: str


def tsvector_literal(streams: Sequence[tuple[str, str, bool]]) -> str:
    """A tsvector literal of (tokens, weight, is_units) streams, numbered one after the
    other with a gap, so no two streams share a position (a word and a unit pair are
    often the same lexeme) and no phrase runs from one stream into the next. Callers
    put the units first: past position 16,383 PostgreSQL keeps no positions apart,
    and only units need them exactly (phrases). In a units stream each pair's first
    character is also written at the pair's position (see the module docstring).
    Tokens hold only [0-9a-z] and Han characters (segmentation.py): no quoting needed."""
    places: dict[str, list[str]] = defaultdict(list)
    position = 0
    for text, weight, is_units in streams:
        for token in text.split():
            position = min(position + 1, MAX_TS_POSITION)
            place = f"{position}{weight}"  # PostgreSQL drops repeats of a clamped position
            places[token].append(place)
            if is_units and len(token) == 2 and token[0] > "\x7f":
                places[token[0]].append(place)
        position += 1
    return " ".join(f"'{token}':{','.join(at)}" for token, at in places.items())


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


# PostgreSQL's text indexes (migrations 0002 and 0007), by name: column.
GIN_INDEXES = {"search_document_vector_gin": "vector", "search_document_title_vector_gin": "title_vector"}


@contextmanager
def bulk_load() -> Iterator[None]:
    """Around writing the whole index (a rebuild): on PostgreSQL the GIN indexes are
    dropped first and built once at the end, instead of being updated row by row."""
    if not is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for name, column in GIN_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {DOC_TABLE} USING gin ({column})")
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {DOC_TABLE}")


def write_texts(texts: Sequence[IndexedText]) -> None:
    """Insert or replace the segmented text of these items (documents must exist)."""
    if not texts:
        return
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.executemany(
                f"UPDATE {DOC_TABLE} SET vector = %s::tsvector, title_vector = %s::tsvector WHERE page_id = %s",
                [
                    (
                        tsvector_literal([(t.title_units, "C", True), (t.body_units, "D", True),
                                          (t.title_words, "A", False), (t.body_words, "B", False)])
                        + bucket_lexeme(t.page_id),
                        tsvector_literal([(t.title_units, "C", True), (t.title_words, "A", False)])
                        + bucket_lexeme(t.page_id),
                        t.page_id,
                    )
                    for t in texts
                ],
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


Window = tuple[int, int]  # an inclusive range of page ids
SAMPLE_BUCKETS = 100  # PostgreSQL: page id % 100, a lexeme in every tsvector


def bucket_lexeme(page_id: int) -> str:
    """The sample bucket of a document as a lexeme of its tsvectors (see Sample). No
    query can name it: query lexemes hold only [0-9a-z] and Han characters."""
    return f" '_s{page_id % SAMPLE_BUCKETS}'"


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
    windows: tuple[Window, ...] = ()
    buckets: tuple[int, ...] = ()

    def scaled(self, counts: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
        return {name: [(value, max(1, round(n / self.share))) for value, n in rows] for name, rows in counts.items()}


def sample(size: int) -> Sample | None:
    """About `size` documents spread over the index (8 id windows, or buckets); None
    when the index holds no more than that."""
    low, high, count = id_range()
    if count <= size:
        return None
    with connection.cursor() as cursor:
        if is_postgres():
            wanted = max(1, -(-SAMPLE_BUCKETS * size // count))
            # Spread over the residues, so that a run of consecutive ids is sampled too.
            buckets = tuple(range(0, SAMPLE_BUCKETS, SAMPLE_BUCKETS // wanted))[:wanted]
            cursor.execute(f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE vector @@ %s::tsquery", [_buckets_query(buckets)])
            inside = cursor.fetchone()[0]
            return Sample(share=inside / count, buckets=buckets) if inside else None
        span, windows_count = high - low + 1, 8
        step, width = span // windows_count, max(1, span * size // count // windows_count)
        windows = tuple((low + i * step, low + i * step + width - 1) for i in range(windows_count))
        cursor.execute(
            f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE " + " OR ".join("page_id BETWEEN %s AND %s" for _ in windows),
            [bound for window in windows for bound in window],
        )
        inside = cursor.fetchone()[0]
    return Sample(share=inside / count, windows=windows) if inside else None


def _vector(title_only: bool) -> str:
    return f"{DOC_TABLE}.{'title_vector' if title_only else 'vector'}"


def _buckets_query(buckets: Sequence[int]) -> str:
    return " | ".join(f"'_s{b}'" for b in buckets)


def _fts_subquery(expression: str, windows: Sequence[Window]) -> tuple[str, list[object]]:
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


def filter_matching(
    queryset: QuerySet, expression: str, *, title_only: bool = False,  # type: ignore[type-arg]
    sample: Sample | None = None,
) -> QuerySet:  # type: ignore[type-arg]
    """Documents whose text matches a compiled expression (to_fts5 / to_tsquery).

    `title_only`: the expression was compiled for titles (PostgreSQL reads title_vector;
    FTS5 expressions carry their column filter). `sample`: only the sample's documents."""
    if is_postgres():
        if sample is not None:
            return queryset.extra(
                where=[f"{_vector(title_only)} @@ (to_tsquery('simple', %s) && %s::tsquery)"],
                params=[expression, _buckets_query(sample.buckets)],
            )
        return queryset.extra(where=[f"{_vector(title_only)} @@ to_tsquery('simple', %s)"], params=[expression])
    sql, params = _fts_subquery(expression, sample.windows if sample else ())
    return queryset.filter(page_id__in=RawSQL(sql, params))


def filter_each(queryset: QuerySet, expression: str, *, title_only: bool = False) -> QuerySet:  # type: ignore[type-arg]
    """Like filter_matching, but testing each document on its own (SQLite: FTS5 seeks
    to the one rowid) -- for walking another index in order (see per_row_tests)."""
    if is_postgres():
        return filter_matching(queryset, expression, title_only=title_only)
    return queryset.extra(
        where=[f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
               f" AND {FTS_TABLE}.rowid = {DOC_TABLE}.page_id)"],
        params=[expression],
    )


@contextmanager
def per_row_tests() -> Iterator[None]:
    """On PostgreSQL, keep the planner from collecting every match in a bitmap first,
    so that it walks an ordered index and tests each row's tsvector."""
    if not is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = on")


def with_score(queryset: QuerySet, expression: str, *, title_only: bool = False) -> QuerySet:  # type: ignore[type-arg]
    """Annotate `score` (higher is better) on a queryset already filtered by `expression`."""
    if is_postgres():
        return queryset.annotate(
            score=RawSQL(
                f"ts_rank_cd('{TS_WEIGHTS}'::float4[], {_vector(title_only)}, to_tsquery('simple', %s))",
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


# PostgreSQL scores a match by reading its whole tsvector (~58 us a row at 100,000
# items, against a few for FTS5's bm25); past this many matches the search ranks title
# matches first instead (selectors._by_relevance).
POSTGRES_SCORED_MATCHES = 1_000


def scores_every_match(total: int) -> bool:
    """Whether ranking may score each of `total` matches."""
    return not is_postgres() or total <= POSTGRES_SCORED_MATCHES


# bm25 / ts_rank_cd weights of the body columns only (second-stage ranking, ranking.py).
FTS_BODY_WEIGHTS = (0.0, 1.0, 0.0, 0.4)
TS_BODY_WEIGHTS = "{0.02, 0.0, 0.1, 0.0}"


def ranked(
    queryset: QuerySet, expression: str, *, start: int, stop: int, with_body_score: bool = False,  # type: ignore[type-arg]
    title_only: bool = False,
) -> list[tuple[int, str, float, float]]:
    """(page_id, title, score, body score) of the matches ranked start..stop, best first.

    `queryset` carries the filters but not the text match (this adds it once). Only
    ids, titles and scores are sorted: sorting whole rows (bodies included) over a broad
    match was the slowest part of a search. The body score is 0.0 unless asked for.
    """
    order = ("-score", "-published_at", "-pk")
    if is_postgres():
        rows = list(
            with_score(filter_matching(queryset, expression, title_only=title_only), expression, title_only=title_only)
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


def newest(
    queryset: QuerySet, expression: str, *, start: int, stop: int, title_only: bool = False  # type: ignore[type-arg]
) -> list[tuple[int, str]]:
    """(page_id, title) of the matches start..stop, highest page id first, read without
    enumerating every match: the way to page through a broad match (selectors).

    SQLite walks the text index backwards by rowid and stops at `stop`, checking each
    match's document against the filters; PostgreSQL walks the primary key backwards
    and checks each row's tsvector (bitmap scans, which read every match, are off)."""
    if is_postgres():
        with per_row_tests():
            return list(
                filter_matching(queryset, expression, title_only=title_only)
                .order_by("-page_id").values_list("page_id", "title")[start:stop]
            )
    query = queryset.query
    try:
        where, params = query.where.as_sql(query.get_compiler(connection=connection), connection)
    except EmptyResultSet:
        return []
    except FullResultSet:
        where, params = "", []
    sql = (
        f"SELECT {FTS_TABLE}.rowid, {DOC_TABLE}.title FROM {FTS_TABLE}"
        f" JOIN {DOC_TABLE} ON {DOC_TABLE}.page_id = {FTS_TABLE}.rowid"
        f" WHERE {FTS_TABLE} MATCH %s" + (f" AND {where}" if where else "")
        + f" ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, stop - start, start])
        return [(int(r[0]), r[1]) for r in cursor.fetchall()]


def id_range() -> tuple[int, int, int]:
    """(lowest page id, highest page id, number of documents) of the index. PostgreSQL
    reads the number of a large table from the planner's statistics: counting a
    million rows there takes a tenth of a second, and an estimate is all callers need;
    a small table is counted (its statistics may be stale or missing)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(page_id), MAX(page_id) FROM {DOC_TABLE}")
        low, high = cursor.fetchone()
        count = -1
        if is_postgres():
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [DOC_TABLE])
            count = int(cursor.fetchone()[0])
        if count < 100_000:
            cursor.execute(f"SELECT COUNT(*) FROM {DOC_TABLE}")
            count = cursor.fetchone()[0]
    return int(low or 0), int(high or 0), int(count or 0)


FACET_INDEX = "search_document_facets"  # migration 0006, SQLite only


def counting_sql(sql: str) -> str:
    """The SQL of the documents to count facets over, on SQLite read through the
    covering facet index when the documents come from a text match (a lookup per
    match: measured 100 ms against 170-280 ms reading table rows, 100,000 matches)."""
    table = f'FROM "{DOC_TABLE}"'
    if is_postgres() or f"{FTS_TABLE} MATCH" not in sql or table not in sql:
        return sql
    return sql.replace(table, f"{table} INDEXED BY {FACET_INDEX}", 1)
