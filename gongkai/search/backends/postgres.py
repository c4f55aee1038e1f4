"""The Chinese backend on PostgreSQL tsvector (see database.py)."""

from __future__ import annotations

from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres import postgres as base
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from .database import SegmentingCompilerMixin as BaseSegmentingCompilerMixin
from .database import SegmentingIndexerMixin

# Segmented text is indexed as is: no stemming, no stop words.
SEARCH_CONFIG = "simple"


class SegmentingObjectIndexer(SegmentingIndexerMixin, base.ObjectIndexer):
    pass


class ChinesePostgresIndex(base.PostgresIndex):
    indexer_class = SegmentingObjectIndexer

    def add_items(self, model: Any, objs: Any) -> None:
        # Copied from modelsearch's PostgresIndex.add_items; only the indexer class differs.
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = base.get_content_type_pk(model)
        compiler = InsertQuery(base.IndexEntry).get_compiler(
            connection=self.write_connection
        )
        rows: list[str] = []
        params: list[Any] = []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(
                    base.IndexEntry._meta.get_field(name), getattr(indexer, name)
                )
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(
                f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)"
            )
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {base.IndexEntry._meta.db_table} (content_type_id, object_id, title,
                    autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
                    autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                    title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,
                params,
            )
        self._refresh_title_norms()


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
