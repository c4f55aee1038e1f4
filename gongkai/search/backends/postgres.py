"""The Chinese backend on PostgreSQL tsvector (see database.py)."""

from __future__ import annotations

from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres import postgres as base
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from .database import SegmentingCompilerMixin as BaseSegmentingCompilerMixin
from .database import SegmentingIndexerMixin, with_indexer

# Segmented text is indexed as is: no stemming, no stop words.
SEARCH_CONFIG = "simple"


class SegmentingObjectIndexer(SegmentingIndexerMixin, base.ObjectIndexer):
    pass


class ChinesePostgresIndex(base.PostgresIndex):
    add_items = with_indexer(base.PostgresIndex.add_items, SegmentingObjectIndexer)


class SegmentingCompilerMixin(BaseSegmentingCompilerMixin):
    def build_tsquery_content(
        self, query: Any, config: Any = None, invert: bool = False
    ) -> Any:
        if not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)  # type: ignore[misc]  # mixin
        readings = self.readings_of(query.query_string)
        if not readings:
            return None
        # Under Not, by De Morgan, every AND becomes OR and the reverse.
        and_, or_ = (lambda a, b: a & b), (lambda a, b: a | b)
        if invert:
            and_, or_ = or_, and_
        within = and_ if query.operator.lower() == "and" else or_
        lexeme = reduce(
            or_,
            [
                reduce(
                    within,
                    [
                        reduce(
                            or_,
                            [
                                or_(
                                    Lexeme(word, invert=invert),
                                    Lexeme(phrase, invert=invert),
                                )
                                for word, phrase in clause
                            ],
                        )
                        for clause in reading
                    ],
                )
                for reading in readings
            ],
        )
        return SearchQuery(lexeme, search_type="raw", config=config)


class ChinesePostgresQueryCompiler(
    SegmentingCompilerMixin, base.PostgresSearchQueryCompiler
):
    pass


class ChinesePostgresAutocompleteCompiler(
    SegmentingCompilerMixin, base.PostgresAutocompleteQueryCompiler
):
    pass


class ChinesePostgresSearchBackend(base.PostgresSearchBackend):
    query_compiler_class = ChinesePostgresQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteCompiler
    index_class = ChinesePostgresIndex

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__({"SEARCH_CONFIG": SEARCH_CONFIG, **params})
