"""The segmented text beside `SearchDocument`: SQLite FTS5 or PostgreSQL tsvectors.

Written by hand rather than through modelsearch because the public search needs facet
counts over the matching set and filters on denormalised columns in one SQL query;
modelsearch's IndexEntry is keyed by content type and object id and holds no facets.

Units are stored as character pairs (segmentation.unit_tokens); how each database
keeps them, and every other difference between the two, is in `index_backends/`
(`sqlite.py`, `postgres.py`) behind one interface (`index_backends.base.IndexBackend`).
`backend()` picks the implementation once, from the connection's vendor, as
modelsearch picks its backend once from settings; callers never ask for the vendor.
The functions below are the writing side's entry points (indexing, signals,
corrections), each one call to the backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager

from django.db import connection

from . import index_backends
from .index_backends.base import Block, IndexBackend, IndexedText, Sample

__all__ = [
    "Block",
    "IndexBackend",
    "IndexedText",
    "Sample",
    "backend",
    "bulk_load",
    "clear_texts",
    "delete_texts",
    "reset_backend",
    "write_texts",
]

_chosen: IndexBackend | None = None


def backend() -> IndexBackend:
    """The text index of the default database, chosen on first use. A process talks
    to one database; tests that switch it call `reset_backend`."""
    global _chosen
    if _chosen is None:
        _chosen = index_backends.for_vendor(connection.vendor)
    return _chosen


def reset_backend() -> None:
    """Forget the chosen backend: the next `backend()` picks again."""
    global _chosen
    _chosen = None


def write_texts(texts: Sequence[IndexedText]) -> None:
    """Insert or replace the segmented text of these items (documents must exist)."""
    backend().write_texts(texts)


def delete_texts(page_ids: Sequence[int]) -> None:
    backend().delete_texts(page_ids)


def clear_texts() -> None:
    backend().clear_texts()


def bulk_load() -> AbstractContextManager[None]:
    """Around writing the whole index (a rebuild)."""
    return backend().bulk_load()
