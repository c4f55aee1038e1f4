"""The public search's text index on PostgreSQL: tsvector columns of the documents.

Units are stored as character pairs (segmentation.unit_tokens). A one-character query
must still find every item holding that character, wherever it stands, so each
character is also its own lexeme at the same position as the pair it begins, written
as a tsvector literal (to_tsvector cannot place two lexemes at one position): a
one-character query is one GIN entry. The title's lexemes also have their own column
(`title_vector`, GIN): a title-only search with weight labels would recheck the
tsvector of every candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from .base import (
    DOC_TABLE,
    Documents,
    IndexBackend,
    IndexedText,
    Sample,
)

if TYPE_CHECKING:
    from ..understanding import Understood

# ts_rank weights for D, C, B, A: body units, title units, body words, title words.
TS_WEIGHTS = "{0.02, 0.2, 0.1, 1.0}"
# ts_rank_cd weights of the body columns only (second-stage ranking, ranking.py).
TS_BODY_WEIGHTS = "{0.02, 0.0, 0.1, 0.0}"
MAX_TS_POSITION = 16_383  # PostgreSQL clamps larger positions to this one
SAMPLE_BUCKETS = 100  # page id % 100, a lexeme in every tsvector (see Sample)
# Scoring a match reads its whole tsvector (~58 us a row at 100,000 items, against a
# few for FTS5's bm25); past this many matches the search ranks title matches first
# instead (selectors._by_relevance).
POSTGRES_SCORED_MATCHES = 1_000
# Up to this many (estimated) title matches of a broad query are collected from the
# title index and sorted; more are found by walking the newest documents.
FEW_TITLE_MATCHES = 20_000
# The text indexes (migrations 0002 and 0007), by name: column.
GIN_INDEXES = {
    "search_document_vector_gin": "vector",
    "search_document_title_vector_gin": "title_vector",
}


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


def bucket_lexeme(page_id: int) -> str:
    """The sample bucket of a document as a lexeme of its tsvectors (see Sample). No
    query can name it: query lexemes hold only [0-9a-z] and Han characters."""
    return f" '_s{page_id % SAMPLE_BUCKETS}'"


class PostgresIndex(IndexBackend):
    vendor: ClassVar[str] = "postgresql"

    # -- writing ---------------------------------------------------------------

    def write_texts(self, texts: Sequence[IndexedText]) -> None:
        if not texts:
            return
        with connection.cursor() as cursor:
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

    def delete_texts(self, page_ids: Sequence[int]) -> None:
        """Nothing to do: the vectors are columns of the documents' own rows."""

    def clear_texts(self) -> None:
        """Nothing to do: the vectors are columns of the documents' own rows."""

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """The GIN indexes are dropped first and built once at the end, instead of
        being updated row by row."""
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

    # -- compiling -------------------------------------------------------------

    def expression(self, understood: Understood, *, title_only: bool = False) -> str:
        return understood.expression(postgres=True, title_only=title_only)

    def scoring_expression(
        self,
        understood: Understood,
        *,
        title_only: bool,
        sample: Callable[[], Sample | None],
    ) -> str:
        return ""  # ts_rank_cd weighs no clause by its document count

    # -- reading ---------------------------------------------------------------

    @contextmanager
    def index_scans(self) -> Iterator[None]:
        """Make the planner use the GIN index even for common words.

        For a word in most rows the planner prefers a sequential scan, which reads and
        de-TOASTs every tsvector (measured: 227 ms against 18 ms for the bitmap index
        scan at 20,000 items). Set for the search's own transaction only, and
        restored after."""
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

    def sample(self, size: int) -> Sample | None:
        """Buckets of page ids (see Sample), spread over the residues so that a run
        of consecutive ids is sampled too."""
        _low, _high, count = self.id_range()
        if count <= size:
            return None
        wanted = max(1, -(-SAMPLE_BUCKETS * size // count))
        buckets = tuple(range(0, SAMPLE_BUCKETS, SAMPLE_BUCKETS // wanted))[:wanted]
        with connection.cursor() as cursor:
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

    def filter_matching(
        self,
        queryset: Documents,
        expression: str,
        *,
        title_only: bool = False,
        sample: Sample | None = None,
    ) -> Documents:
        """`title_only` reads title_vector."""
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

    def tail_estimate(
        self, queryset: Documents, expression: str, sample: Sample
    ) -> float | None:
        return None  # the sample's buckets are as cheap to count as any part

    def filter_each(
        self, queryset: Documents, expression: str, *, title_only: bool = False
    ) -> Documents:
        return self.filter_matching(queryset, expression, title_only=title_only)

    def per_row_tests(self) -> AbstractContextManager[None]:
        """Keep the planner from collecting every match in a bitmap first, so that
        it walks an ordered index and tests each row's tsvector."""
        return _planner_without("bitmapscan")

    def scores_every_match(self, total: float | None) -> bool:
        return total is not None and total <= POSTGRES_SCORED_MATCHES

    def scored(
        self,
        queryset: Documents,
        expression: str,
        *,
        scoring: str = "",
        title_only: bool = False,
    ) -> Documents:
        """ts_rank_cd, and a body score of 0.0 (the search scores its block in
        block_sql instead)."""
        return self._with_score(
            self.filter_matching(queryset, expression, title_only=title_only),
            expression,
            title_only=title_only,
        ).annotate(body_score=RawSQL("0.0", []))

    # ts_rank_cd reads a match's whole tsvector: the counting statement's matches are
    # plain, and only a block of at most POSTGRES_SCORED_MATCHES is scored (block_sql).
    scores_in_counts: ClassVar[bool] = False

    def block_sql(
        self, expression: str, *, title_only: bool, depth: int
    ) -> tuple[str, list[Any]]:
        """Scored in the counting statement itself, as `ranked` and `_body_scores`
        would score them in two more (issue #14: each statement is a round trip, half
        of a new query's time on PostgreSQL under load). The matches are scored only
        when there are at most POSTGRES_SCORED_MATCHES of them (a one-time filter:
        otherwise not one is scored, and there is no block); the body score only for
        the `depth` kept."""
        best = (
            f"SELECT d.page_id, d.title, d.published_at,"
            f" ts_rank_cd('{TS_WEIGHTS}'::float4[], {_vector(title_only, 'd')}, q.query) AS score"
            f" FROM m JOIN {DOC_TABLE} AS d ON d.page_id = m.page_id,"
            " (SELECT to_tsquery('simple', %s) AS query) AS q"
            f" WHERE (SELECT COUNT(*) FROM m) <= {POSTGRES_SCORED_MATCHES}"
            f" ORDER BY score DESC, d.published_at DESC, d.page_id DESC LIMIT {int(depth)}"
        )
        return (
            "SELECT b.page_id, b.title, b.score,"
            f" ts_rank_cd('{TS_BODY_WEIGHTS}'::float4[], d.vector, to_tsquery('simple', %s))"
            " AS body_score"
            f" FROM ({best}) AS b JOIN {DOC_TABLE} AS d ON d.page_id = b.page_id"
            " ORDER BY b.score DESC, b.published_at DESC, b.page_id DESC",
            [expression, expression],
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
        order = ("-score", "-published_at", "-pk")
        rows = list(
            self._with_score(
                self.filter_matching(queryset, expression, title_only=title_only),
                expression,
                title_only=title_only,
            )
            .order_by(*order)
            .values_list("page_id", "title", "score")[start:stop]
        )
        body = (
            self._body_scores([r[0] for r in rows], expression)
            if with_body_score
            else {}
        )
        return [
            (pk, title, float(score), float(body.get(pk, 0.0)))
            for pk, title, score in rows
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
    ) -> list[tuple[int, str]]:
        """Walks the primary key backwards and checks each row's tsvector (bitmap
        scans, which read every match, are off). `few`: the matches are few enough to
        collect from the GIN index and sort -- walking the primary key past rows that
        do not match tests each one's tsvector (334 ms for 200 title matches of a
        word in 1.5 % of 1,000,000 bodies)."""
        with _planner_without("indexscan" if few else "bitmapscan"):
            return list(
                self.filter_matching(queryset, expression, title_only=title_only)
                .order_by("-page_id")
                .values_list("page_id", "title")[start:stop]
            )

    def newest_titles(
        self, queryset: Documents, titles: str, sample: Sample, *, count: int
    ) -> list[tuple[int, str]]:
        """Collected from the title index when the sample predicts few of them
        (FEW_TITLE_MATCHES), else found walking the newest documents."""
        in_sample = self.filter_matching(
            queryset, titles, title_only=True, sample=sample
        ).count()
        return self.newest(
            queryset,
            titles,
            start=0,
            stop=count,
            title_only=True,
            few=in_sample / sample.share <= FEW_TITLE_MATCHES,
        )

    def counting_sql(self, sql: str) -> str:
        return sql  # the planner picks its own way to the rows

    def _estimated_count(self, cursor: Any) -> int:
        """From the planner's statistics: counting a million rows takes a tenth of a
        second, and an estimate is all callers need."""
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [DOC_TABLE]
        )
        return int(cursor.fetchone()[0])

    def _with_score(
        self, queryset: Documents, expression: str, *, title_only: bool = False
    ) -> Documents:
        """Annotate `score` (higher is better) on a queryset already filtered by
        `expression`."""
        return queryset.annotate(
            score=RawSQL(
                f"ts_rank_cd('{TS_WEIGHTS}'::float4[], {_vector(title_only)}, to_tsquery('simple', %s))",
                [expression],
            )
        )

    def _body_scores(
        self, page_ids: Sequence[int], expression: str
    ) -> dict[int, float]:
        """The body's ts_rank_cd of these documents -- for a few only: it reads each
        one's tsvector."""
        if not page_ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id, ts_rank_cd('{TS_BODY_WEIGHTS}'::float4[], vector, to_tsquery('simple', %s))"
                f" FROM {DOC_TABLE} WHERE page_id = ANY(%s)",
                [expression, list(page_ids)],
            )
            return {page_id: float(score) for page_id, score in cursor.fetchall()}


def _vector(title_only: bool, table: str = DOC_TABLE) -> str:
    return f"{table}.{'title_vector' if title_only else 'vector'}"


def _buckets_query(buckets: Sequence[int]) -> str:
    return " | ".join(f"'_s{b}'" for b in buckets)


@contextmanager
def _planner_without(method: str) -> Iterator[None]:
    """Keep the planner from one scan method (seqscan, bitmapscan, indexscan) inside
    a transaction, and allow it again after."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_{method} = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL enable_{method} = on")
