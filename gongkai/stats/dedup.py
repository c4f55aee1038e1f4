"""Count a page once per client per short window.

The mark lives in Django's default cache, which is shared between processes when
CACHES points at Redis (the `abuse` work of issue 13); with the local-memory cache of
the embedded set-up it is per process, which is still right for a single process.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

# A reload or a scripted burst within this many seconds counts once.
WINDOW_SECONDS = 30 * 60


def client_address(request: HttpRequest) -> str:
    """The client's address.

    TODO(merge): switch to gongkai.core.client_address (trusted proxies) once it is
    on the branch; until then REMOTE_ADDR, which behind nginx is the proxy.
    """
    return request.META.get("REMOTE_ADDR", "")


def first_view_in_window(request: HttpRequest, page_id: int) -> bool:
    """True the first time this client views `page_id` in the window, then False."""
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return cache.add(f"stats:seen:{page_id}:{client}", 1, timeout=WINDOW_SECONDS)
