"""The Chinese backend on SQLite FTS5 (see database.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.query import (
    BM25,
    LexemeCombinable,
    SearchQueryExpression,
)
from modelsearch.query import Not, Phrase, PlainText

from .database import SegmentingCompilerMixin as BaseSegmentingCompilerMixin
from .database import SegmentingIndexerMixin, with_indexer


class SegmentingObjectIndexer(SegmentingIndexerMixin, base.ObjectIndexer):
    pass


class ChineseSQLiteIndex(base.SQLiteIndex):
    add_items = with_indexer(base.SQLiteIndex.add_items, SegmentingObjectIndexer)


class WeightedBM25(BM25):
    """bm25 with column weights (autocomplete, body, title): a title match counts ten
    times a body match. Stock modelsearch calls bm25() unweighted, so a title weighs
    no more than a body there."""

    def as_sql(
        self, compiler: Any, connection: Any, function: Any = None, template: Any = None
    ) -> Any:
        return f"bm25({base.SQLiteFTSIndexEntry._meta.db_table}, 1.0, 1.0, 10.0)", []


class MatchString(LexemeCombinable, Value):
    """A ready FTS5 expression. Stock CombinedLexeme joins without parentheses, which
    is wrong for the AND-of-ORs used here (FTS5 binds AND tighter than OR). Only
    [0-9a-z] and Han characters reach it (segmentation.py), so quoting is safe."""

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return "%s", [self.value]


class SegmentingCompilerMixin(BaseSegmentingCompilerMixin):
    def build_tsrank(
        self, vector: Any, query: Any, config: Any = None, boost: float = 1.0
    ) -> Any:
        if isinstance(query, (Phrase, PlainText, Not)):
            return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)  # type: ignore[misc]  # mixin

    def build_search_query_content(self, query: Any, config: Any = None) -> Any:
        if not isinstance(query, PlainText):
            return super().build_search_query_content(query, config=config)  # type: ignore[misc]  # mixin
        readings = self.readings_of(query.query_string)
        if not readings:
            return None
        within = " AND " if query.operator.upper() == "AND" else " OR "
        expression = " OR ".join(
            "("
            + within.join(
                "("
                + " OR ".join(f'"{word}" OR "{phrase}"' for word, phrase in clause)
                + ")"
                for clause in reading
            )
            + ")"
            for reading in readings
        )
        return SearchQueryExpression(MatchString(expression), config=config)


class ChineseSQLiteQueryCompiler(
    SegmentingCompilerMixin, base.SQLiteSearchQueryCompiler
):
    pass


class ChineseSQLiteAutocompleteCompiler(
    SegmentingCompilerMixin, base.SQLiteAutocompleteQueryCompiler
):
    pass


class ChineseSQLiteSearchBackend(base.SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteCompiler
    index_class = ChineseSQLiteIndex
