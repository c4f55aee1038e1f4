"""The public search's text index, one implementation per database vendor.

`index_store.backend()` picks one once; nothing outside this package branches on the
vendor. (The Wagtail admin's search has its own backends in `search/backends/`.)
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .base import IndexBackend
from .postgres import PostgresIndex
from .sqlite import SQLiteIndex

BACKENDS: dict[str, type[IndexBackend]] = {
    backend.vendor: backend for backend in (SQLiteIndex, PostgresIndex)
}


def for_vendor(vendor: str) -> IndexBackend:
    """The text index for a database vendor (`connection.vendor`)."""
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"The public search needs SQLite or PostgreSQL, not {vendor!r}."
        ) from None
