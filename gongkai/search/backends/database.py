"""A Wagtail (modelsearch) database search backend that understands Chinese.

Set `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "gongkai.search.backends.database"}}`.
Stock modelsearch keeps a run of Han characters as one token (SQLite FTS5 unicode61,
PostgreSQL's parser), so a word inside a sentence never matches. These subclasses
segment text in Python at index time and at query time, and reuse everything else of
modelsearch (tables, ranking with title boost, facets, rebuilds):

- index time: every indexed value becomes its search-mode words plus its units (Han
  characters one by one, Latin/digit runs), see segmentation.py;
- query time: each query word matches as that word OR as the phrase of its units
  (exact substring), so 1- and 2-character queries and words cut differently match.

Own code, and why: modelsearch's `add_items` builds its `ObjectIndexer` from a module
global, so there is no hook for the indexed text. Rather than copying `add_items`
(once per database), `with_indexer` runs modelsearch's own function with that one
global read as our indexer class.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from django.db import connection
from modelsearch.index import SearchField
from modelsearch.query import PlainText

from ..normalisation import normalise
from ..segmentation import units


def segment_value(value: str) -> str:
    """The index form of one text: its words, then its units."""
    from .. import analysis

    text = normalise(value)
    words = analysis.get_segmenter().index_words(text)
    return " ".join([*words, *units(text)])


def query_words(query_string: str) -> list[tuple[str, str]]:
    """Each query word with its unit phrase ("全体会议", "全 体 会 议"); both are
    quoted by modelsearch's Lexeme, which FTS5 and to_tsquery read as a phrase."""
    from .. import analysis

    text = normalise(query_string)
    words = dict.fromkeys(analysis.get_segmenter().query_words(text))
    return [(word, " ".join(units(word))) for word in list(words)[:12]]


Clause = list[tuple[str, str]]  # alternatives: (word, unit phrase)


def query_readings(query_string: str) -> list[list[Clause]]:
    """The readings of a query, OR-ed: as typed (with synonyms), its pinyin reading,
    its correction when a term is unknown; each an AND of clauses (see understanding)."""
    from ..understanding import reading_alternatives

    readings = []
    for reading in reading_alternatives(query_string):
        clauses = [
            [(alt.text.replace(" ", ""), " ".join(alt.units())) for alt in clause]
            for clause in reading.clauses
        ]
        if clauses:
            readings.append(clauses)
    return readings


def with_indexer(
    add_items: Callable[..., None], indexer_class: type
) -> Callable[..., None]:
    """modelsearch's `add_items` (a plain function of its index class) with the
    module global `ObjectIndexer` it reads replaced by `indexer_class`.

    The function's code is reused as is over a copy of its module's globals, so the
    module itself is left unchanged (the stock backends still use the stock
    indexer) and any modelsearch update of `add_items` is taken over. Checked when
    the module is imported: if a later modelsearch stops reading that global, this
    fails loudly instead of indexing unsegmented text."""
    if "ObjectIndexer" not in _global_names(add_items.__code__):
        raise ImportError(
            f"{add_items.__qualname__} no longer reads ObjectIndexer: "
            "gongkai.search.backends must be adapted to this modelsearch version"
        )
    namespace = {**add_items.__globals__, "ObjectIndexer": indexer_class}
    rebound = types.FunctionType(
        add_items.__code__,
        namespace,
        add_items.__name__,
        add_items.__defaults__,
        add_items.__closure__,
    )
    rebound.__qualname__ = add_items.__qualname__
    rebound.__doc__ = add_items.__doc__
    return rebound


def _global_names(code: types.CodeType) -> set[str]:
    """The names a function's code and the code nested in it (a comprehension is a
    function of its own before Python 3.12) may look up as globals."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _global_names(constant)
    return names


class SegmentingIndexerMixin:
    """For a modelsearch ObjectIndexer: index every value in its segmented form."""

    def __init__(self, obj: Any, backend: Any) -> None:
        super().__init__(obj, backend)  # type: ignore[call-arg]  # mixin
        # Disclosure items are also found by their index number (索引号) in the admin.
        if getattr(obj, "index_number", None):
            self.search_fields = [*self.search_fields, SearchField("index_number")]  # type: ignore[has-type]  # mixin

    def prepare_value(self, value: Any) -> str:
        return segment_value(super().prepare_value(value))  # type: ignore[misc]  # mixin


class SegmentingCompilerMixin:
    """For a modelsearch query compiler: a query with nothing searchable (spaces,
    punctuation, operators) finds nothing; the stock compiler would fail on the empty
    expression. Each backend adds its own expression builder, which reads the query's
    readings through `readings_of` (worked out once per compiler: understanding a query
    may look up the vocabulary and try a correction)."""

    def readings_of(self, query_string: str) -> list[list[Clause]]:
        cache: dict[str, list[list[Clause]]] = self.__dict__.setdefault("_readings", {})
        if query_string not in cache:
            cache[query_string] = query_readings(query_string)
        return cache[query_string]

    def search(self, *args: Any, **kwargs: Any) -> Any:
        query = self.query  # type: ignore[attr-defined]  # mixin
        if isinstance(query, PlainText) and not self.readings_of(query.query_string):
            return self.queryset.none()  # type: ignore[attr-defined]  # mixin
        return super().search(*args, **kwargs)  # type: ignore[misc]  # mixin


def SearchBackend(params: dict[str, Any]) -> Any:  # Wagtail's factory name
    """The Chinese backend for the default database (SQLite FTS5 or PostgreSQL)."""
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    from .sqlite import ChineseSQLiteSearchBackend

    return ChineseSQLiteSearchBackend(params)
