"""Count a page once per client per short window.

The mark lives in Django's default cache, which is shared between processes when
CACHES points at Redis (GONGKAI_CACHE_URL); with the local-memory cache of
the embedded set-up it is per process, which is still right for a single process.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from gongkai.core.client_address import client_address

# A reload or a scripted burst within this many seconds counts once.
WINDOW_SECONDS = 30 * 60


def first_view_in_window(request: HttpRequest, page_id: int) -> bool:
    """True the first time this client views `page_id` in the window, then False."""
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return cache.add(f"stats:seen:{page_id}:{client}", 1, timeout=WINDOW_SECONDS)
