"""A per-process cache of search results (issue #14, item 6: search under load).

Many visitors search for the same few things (the hot terms, the news of the day);
each search is 10–40 ms of Python under one GIL, while the same answer read from
memory is microseconds. Entries are keyed on the whole query as the form normalised
it (words, filters, dates, sort, page) and on the index generation: a database value
that every change of what a search can return replaces (`bump_generation`, called by
indexing.py and signal_handlers.py when items are indexed or removed, the index is
rebuilt, or a synonym or dictionary word is edited). A publish is therefore visible
in the next search of every process, including the other `gongkai serve --workers`
processes and instances, without any message between them.

What the generation does not see — a column or organisation renamed (facet labels), a
page's URL moved without re-indexing — shows within TTL seconds: the same staleness
the JSON API already allows any HTTP cache (`Cache-Control: max-age=60`).

Why not Django's cache framework: the local-memory backend pickles every value on
each read and write (a SearchResults with 20 hits and facets costs about as much to
unpickle as a cheap search), and Redis adds a round trip; the results are immutable
dataclasses, so one process can hand the same object to every request. The price is
one copy per process, bounded by MAX_ENTRIES (least recently used go first).
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings

from .models import IndexGeneration
from .results import SearchQuery, SearchResults

DEFAULT_MAX_ENTRIES = 512
# Longer pages (catalog downloads ask for up to 100 rows a page) are not kept: with
# snippets a hit is ~1-2 KB, so the cache stays below ~40 MB a process at worst.
MAX_CACHED_PER_PAGE = 50
TTL_SECONDS = 60.0
GENERATION_CHECK_SECONDS = 1.0

_random = random.Random()  # noqa: S311 - spreads expiry times, no secret
_lock = threading.Lock()
# key -> (generation, expiry on time.monotonic(), answer)
_entries: OrderedDict[Hashable, tuple[int, float, SearchResults]] = OrderedDict()
statistics = {"hits": 0, "misses": 0}
# (generation, time.monotonic() when read); read_at -inf: read at the next search
_generation: tuple[int, float] = (0, float("-inf"))


def max_entries() -> int:
    """GONGKAI_SEARCH_CACHE_ENTRIES; 0 turns the cache off (the test settings do, so
    tests that write index rows directly never see another test's cached answer)."""
    return int(getattr(settings, "GONGKAI_SEARCH_CACHE_ENTRIES", DEFAULT_MAX_ENTRIES))


def cache_key(query: SearchQuery) -> Hashable:
    """Every field of the query: two queries with the same key get the same answer.
    `filters` is a dict (unhashable), so it is frozen as sorted pairs."""
    return (
        query.text,
        query.title_only,
        tuple(sorted((name, tuple(values)) for name, values in query.filters.items())),
        query.published_from,
        query.published_to,
        query.index_number,
        query.document_number,
        query.validity,
        query.scope_page_id,
        tuple(query.also_page_ids),
        str(query.sort),
        query.page,
        query.per_page,
        query.with_facets,
    )


def current_generation() -> int:
    value = IndexGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def _generation_now(now: float) -> int:
    """The generation, read from the database at most every GENERATION_CHECK_SECONDS.

    Under load the one-row query was most of a cached answer's time (py-spy: 79 % of
    a cached API request, mostly waiting for the GIL to come back after SQLite), so
    another process's publish is seen up to this long after it commits; after a bump
    in this process the next search reads the value again.
    """
    global _generation
    value, read_at = _generation
    if now - read_at >= GENERATION_CHECK_SECONDS:
        value = current_generation()
        _generation = (value, now)
    return value


def bump_generation() -> None:
    """Mark every cached answer stale. The new value is random, not value + 1: a bump
    inside a transaction that rolls back must not be re-issued by the next bump, or
    answers cached while the rolled-back value was visible (to that connection) would
    count as current again."""
    global _generation
    value = secrets.randbits(62) + 1
    if not IndexGeneration.objects.filter(pk=1).update(value=value):
        IndexGeneration.objects.update_or_create(pk=1, defaults={"value": value})
    # Not read again before the next search: inside a transaction that later rolls
    # back, the value must not outlive it here.
    _generation = (value, float("-inf"))


def cached_search(
    query: SearchQuery, run: Callable[[SearchQuery], SearchResults]
) -> SearchResults:
    """`run(query)`, or the answer it gave for the same query at this generation."""
    limit = max_entries()
    if limit <= 0 or query.per_page > MAX_CACHED_PER_PAGE:
        return run(query)
    try:
        key = cache_key(query)
        hash(key)
    except TypeError:  # a value the form let through that cannot be a key
        return run(query)
    now = time.monotonic()
    generation = _generation_now(now)
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] == generation and now < entry[1]:
            _entries.move_to_end(key)
            statistics["hits"] += 1
            return entry[2]
        statistics["misses"] += 1
    results = run(query)
    # Lifetimes spread over the last quarter of the TTL: entries cached together (a
    # warm-up, a burst after a publish) do not all expire in the same second and send
    # every popular query to the engine at once (seen as a p99 spike under load).
    expires = now + TTL_SECONDS * _random.uniform(0.75, 1.0)
    with _lock:
        _entries[key] = (generation, expires, results)
        _entries.move_to_end(key)
        while len(_entries) > limit:
            _entries.popitem(last=False)
    return results


def clear() -> None:
    global _generation
    _generation = (0, float("-inf"))
    with _lock:
        _entries.clear()
        statistics.update(hits=0, misses=0)


def size() -> int:
    return len(_entries)
