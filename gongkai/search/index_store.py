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
from contextlib import AbstractContextManager, contextmanager
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
            place = (
                f"{position}{weight}"  # PostgreSQL drops repeats of a clamped position
            )
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
    if connection.in_atomic_block:  # a savepoint: the setting must not outlive it
        with transaction.atomic(), _planner_without("seqscan"):
            yield
        return
    # A transaction of its own: SET LOCAL ends with it, no statement to restore it
    # (each statement is a round trip, and under load they were half of a search).
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


@contextmanager
def _planner_without(method: str) -> Iterator[None]:
    """On PostgreSQL, keep the planner from one scan method (seqscan, bitmapscan,
    indexscan) inside a transaction, and allow it again after."""
    if not is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_{method} = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL enable_{method} = on")


# PostgreSQL's text indexes (migrations 0002 and 0007), by name: column.
GIN_INDEXES = {
    "search_document_vector_gin": "vector",
    "search_document_title_vector_gin": "title_vector",
}


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
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {DOC_TABLE} USING gin ({column})"
                )
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
                        tsvector_literal(
                            [
                                (t.title_units, "C", True),
                                (t.body_units, "D", True),
                                (t.title_words, "A", False),
                                (t.body_words, "B", False),
                            ]
                        )
                        + bucket_lexeme(t.page_id),
                        tsvector_literal(
                            [(t.title_units, "C", True), (t.title_words, "A", False)]
                        )
                        + bucket_lexeme(t.page_id),
                        t.page_id,
                    )
                    for t in texts
                ],
            )
        else:
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


def delete_texts(page_ids: Sequence[int]) -> None:
    if page_ids and not is_postgres():
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(i,) for i in page_ids]
            )


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
            cursor.execute(
                f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE vector @@ %s::tsquery",
                [_buckets_query(buckets)],
            )
            inside = cursor.fetchone()[0]
            return (
                Sample(share=inside / count, size=inside, buckets=buckets)
                if inside
                else None
            )
        span, windows_count = high - low + 1, 8
        step, width = (
            span // windows_count,
            max(1, span * size // count // windows_count),
        )
        windows = tuple(
            (low + i * step, low + i * step + width - 1) for i in range(windows_count)
        )
        tail = (high - width * windows_count + 1, high)
        cursor.execute(
            f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE "
            + " OR ".join("page_id BETWEEN %s AND %s" for _ in windows),
            [bound for window in windows for bound in window],
        )
        inside = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT COUNT(*) FROM {DOC_TABLE} WHERE page_id BETWEEN %s AND %s", tail
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


def _vector(title_only: bool) -> str:
    return f"{DOC_TABLE}.{'title_vector' if title_only else 'vector'}"


def _buckets_query(buckets: Sequence[int]) -> str:
    return " | ".join(f"'_s{b}'" for b in buckets)


def _fts_subquery(
    expression: str, windows: Sequence[Window]
) -> tuple[str, list[object]]:
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
    queryset: QuerySet,
    expression: str,
    *,
    title_only: bool = False,  # type: ignore[type-arg]
    sample: Sample | None = None,
) -> QuerySet:  # type: ignore[type-arg]
    """Documents whose text matches a compiled expression (to_fts5 / to_tsquery).

    `title_only`: the expression was compiled for titles (PostgreSQL reads title_vector;
    FTS5 expressions carry their column filter). `sample`: only the sample's documents."""
    if is_postgres():
        if sample is not None:
            return queryset.extra(
                where=[
                    f"{_vector(title_only)} @@ (to_tsquery('simple', %s) && %s::tsquery)"
                ],
                params=[expression, _buckets_query(sample.buckets)],
            )
        return queryset.extra(
            where=[f"{_vector(title_only)} @@ to_tsquery('simple', %s)"],
            params=[expression],
        )
    sql, params = _fts_subquery(expression, sample.windows if sample else ())
    return queryset.filter(page_id__in=RawSQL(sql, params))


def count_in_sample(expression: str, sample: Sample) -> int:
    """SQLite: the documents of the sample matching an FTS5 expression, counted in the
    text index alone (only the sample's ranges of each list are read)."""
    sql, params = _fts_subquery(expression, sample.windows)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql})", params)
        return cursor.fetchone()[0]


def filter_each(
    queryset: QuerySet, expression: str, *, title_only: bool = False
) -> QuerySet:  # type: ignore[type-arg]
    """Like filter_matching, but testing each document on its own (SQLite: FTS5 seeks
    to the one rowid) -- for walking another index in order (see per_row_tests)."""
    if is_postgres():
        return filter_matching(queryset, expression, title_only=title_only)
    return queryset.extra(
        where=[
            f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" AND {FTS_TABLE}.rowid = {DOC_TABLE}.page_id)"
        ],
        params=[expression],
    )


def per_row_tests() -> AbstractContextManager[None]:
    """On PostgreSQL, keep the planner from collecting every match in a bitmap first,
    so that it walks an ordered index and tests each row's tsvector."""
    return _planner_without("bitmapscan")


def with_score(
    queryset: QuerySet, expression: str, *, title_only: bool = False
) -> QuerySet:  # type: ignore[type-arg]
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


def scores_every_match(total: float | None) -> bool:
    """Whether ranking may score each of `total` matches (None: not known yet, so not
    on PostgreSQL)."""
    return not is_postgres() or (total is not None and total <= POSTGRES_SCORED_MATCHES)


# bm25 / ts_rank_cd weights of the body columns only (second-stage ranking, ranking.py).
FTS_BODY_WEIGHTS = (0.0, 1.0, 0.0, 0.4)
TS_BODY_WEIGHTS = "{0.02, 0.0, 0.1, 0.0}"


def scored(
    queryset: QuerySet, expression: str, *, scoring: str = "", title_only: bool = False
) -> QuerySet:  # type: ignore[type-arg]
    """The documents matching `expression`, with their `score` and `body_score` (higher
    is better) selected: both bm25 on SQLite, where `scoring` is a looser expression
    whose bm25 scores them (see selectors._scoring_expression); on PostgreSQL
    ts_rank_cd and a body score of 0.0 (see body_scores)."""
    if is_postgres():
        return with_score(
            filter_matching(queryset, expression, title_only=title_only),
            expression,
            title_only=title_only,
        ).annotate(body_score=RawSQL("0.0", []))
    if scoring and scoring != expression:
        queryset, expression = filter_matching(queryset, expression), scoring
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    body_weights = ", ".join(str(w) for w in FTS_BODY_WEIGHTS)
    return queryset.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {DOC_TABLE}.page_id", f"{FTS_TABLE} MATCH %s"],
        params=[expression],
        select={
            "score": f"-bm25({FTS_TABLE}, {weights})",
            "body_score": f"-bm25({FTS_TABLE}, {body_weights})",
        },
    )


def body_scores(page_ids: Sequence[int], expression: str) -> dict[int, float]:
    """PostgreSQL: the body's ts_rank_cd of these documents -- for a few only: it reads
    each one's tsvector."""
    if not page_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, ts_rank_cd('{TS_BODY_WEIGHTS}'::float4[], vector, to_tsquery('simple', %s))"
            f" FROM {DOC_TABLE} WHERE page_id = ANY(%s)",
            [expression, list(page_ids)],
        )
        return {page_id: float(score) for page_id, score in cursor.fetchall()}


def titles(page_ids: Sequence[int]) -> dict[int, str]:
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


def ranked(
    queryset: QuerySet,
    expression: str,
    *,
    start: int,
    stop: int,
    with_body_score: bool = False,  # type: ignore[type-arg]
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
            with_score(
                filter_matching(queryset, expression, title_only=title_only),
                expression,
                title_only=title_only,
            )
            .order_by(*order)
            .values_list("page_id", "title", "score")[start:stop]
        )
        body = body_scores([r[0] for r in rows], expression) if with_body_score else {}
        return [
            (pk, title, float(score), float(body.get(pk, 0.0)))
            for pk, title, score in rows
        ]
    fields = ["page_id", "score", *(["body_score"] if with_body_score else [])]
    matches = (
        scored(queryset, expression).order_by(*order).values_list(*fields)[start:stop]
    )
    # Every match is sorted: reading its ordering columns from the covering facet index
    # instead of its table row (title and body, a page each) saves a page read per
    # match (~30 % of the statement for a phrase with 800 matches at 1,000,000 items).
    # Titles are then read for the rows kept only.
    sql, params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(counting_sql(sql), params)
        rows = cursor.fetchall()
    found = titles([r[0] for r in rows])
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
    queryset: QuerySet,
    expression: str,
    *,
    start: int,
    stop: int,
    title_only: bool = False,  # type: ignore[type-arg]
    since: int | None = None,
    few: bool = False,
) -> list[tuple[int, str]]:
    """(page_id, title) of the matches start..stop, highest page id first, read without
    enumerating every match: the way to page through a broad match (selectors).

    SQLite walks the text index backwards by rowid and stops at `stop`, checking each
    match's document against the filters; PostgreSQL walks the primary key backwards
    and checks each row's tsvector (bitmap scans, which read every match, are off).
    `since` (SQLite): only page ids from there on, read forwards and then sorted --
    FTS5 walking backwards does not stop at a lower bound, so a match that is rare
    there (a broad query's title matches) was looked for through the whole index
    (70 ms against 6 ms for the newest 100,000 of 1,000,000 items). `few`
    (PostgreSQL): the matches are few enough to collect from the GIN index and sort
    -- walking the primary key past rows that do not match tests each one's tsvector
    (334 ms for 200 title matches of a word in 1.5 % of 1,000,000 bodies)."""
    if is_postgres():
        with _planner_without("indexscan" if few else "bitmapscan"):
            return list(
                filter_matching(queryset, expression, title_only=title_only)
                .order_by("-page_id")
                .values_list("page_id", "title")[start:stop]
            )
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


def count_in_tail(queryset: QuerySet, expression: str, sample: Sample) -> int:  # type: ignore[type-arg]
    """SQLite: the documents of `queryset` matching among the newest ids of the sample
    (Sample.tail, Sample.tail_share of the index).

    The tail, because FTS5 looks for an AND's next match beyond a window's end,
    through the rest of the index: a window in the middle costs as much as counting
    everything when the match is narrow (measured 17 ms a window for three words at
    1,000,000 items), while past the tail there is nothing to read."""
    filters = _filters_sql(queryset)
    if filters is None:
        return 0
    where, params = filters
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {FTS_TABLE} JOIN {DOC_TABLE} ON {DOC_TABLE}.page_id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid >= %s{where}",
            [expression, sample.tail[0], *params],
        )
        return cursor.fetchone()[0]


def _filters_sql(queryset: QuerySet) -> tuple[str, list[object]] | None:  # type: ignore[type-arg]
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
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [DOC_TABLE]
            )
            count = int(cursor.fetchone()[0])
        if count < 100_000:
            cursor.execute(f"SELECT COUNT(*) FROM {DOC_TABLE}")
            count = cursor.fetchone()[0]
    return int(low or 0), int(high or 0), int(count or 0)


FACET_INDEX = "search_document_facets"  # migration 0006, SQLite only


def counting_sql(sql: str) -> str:
    """The SQL of the documents to count facets over (or to rank), on SQLite read
    through the covering facet index when the documents come from a text match (a
    lookup per match: measured 100 ms against 170-280 ms reading table rows, 100,000
    matches)."""
    table = f'FROM "{DOC_TABLE}"'
    if is_postgres() or f"{FTS_TABLE} MATCH" not in sql or table not in sql:
        return sql
    return sql.replace(table, f"{table} INDEXED BY {FACET_INDEX}", 1)


def seen_pairs(pairs: Sequence[str]) -> set[str]:
    """The Han character pairs among `pairs` that some indexed text holds (a unit
    token each): the character bigram evidence of misspelling correction. One
    index lookup a pair, stopping at the first match."""
    found = set()
    with connection.cursor() as cursor:
        for pair in pairs:
            if len(pair) != 2 or not all(c > "\x7f" and c.isalpha() for c in pair):
                continue
            if is_postgres():
                cursor.execute(
                    f"SELECT 1 FROM {DOC_TABLE} WHERE vector @@ %s::tsquery LIMIT 1",
                    [f"'{pair}'"],
                )
            else:
                cursor.execute(
                    f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT 1",
                    [f'{{title_units body_units}} : "{pair}"'],
                )
            if cursor.fetchone():
                found.add(pair)
    return found
