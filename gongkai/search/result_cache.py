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

The same generation-keyed store also keeps, each in its own bounded namespace: the
search page's rendered HTML for anonymous visitors (views.py) and the correction of a
query text (understanding.py), which depends on the text and the index only, not on
the page, sort or filters asked. The key's "generation" is a pair: the index
generation and the generation of the stored language model (lm_store.py), so an
answer computed before the worker stored a new model is not kept after it.
"""

from __future__ import annotations

import logging
import queue
import random
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import translation

from .models import IndexGeneration, StoredLanguageModel
from .results import SearchQuery, SearchResults

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
DEFAULT_MAX_ENTRIES = 512
# Longer pages (catalog downloads ask for up to 100 rows a page) are not kept: with
# snippets a hit is ~1-2 KB, so the cache stays below ~40 MB a process at worst.
MAX_CACHED_PER_PAGE = 50
TTL_SECONDS = 60.0
GENERATION_CHECK_SECONDS = 1.0
# An expired entry of a namespace kept with `refresh=True` (the search page) is still
# given out this long past its lifetime while one background refresh computes it
# again, at the same versions only: a publish is never served stale.
STALE_GRACE_SECONDS = 30.0
# Refreshes waiting beyond this: the request computes its answer itself, as without.
MAX_PENDING_REFRESHES = 64

logger = logging.getLogger(__name__)

_random = random.Random()  # noqa: S311 - spreads expiry times, no secret
_lock = threading.Lock()
Versions = tuple[int, int]  # (index generation, stored language model generation)
# namespace -> key -> (versions, expiry on time.monotonic(), answer); each namespace
# keeps at most max_entries(): a flood of page renders cannot push out the results.
_entries: dict[str, OrderedDict[Hashable, tuple[Versions, float, Any]]] = {}
statistics = {"hits": 0, "misses": 0}  # of search answers ("results")
# hits and misses of every namespace, search answers included
namespace_statistics: dict[str, dict[str, int]] = {}
# (versions, time.monotonic() when read); read_at -inf: read at the next search
_versions: tuple[Versions, float] = ((0, -1), float("-inf"))
# Called once after the commit of a transaction that bumped the generation (apps.py
# registers the language model's rebuild there).
_bump_listeners: list[Callable[[], None]] = []


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


def read_versions() -> Versions:
    """(index generation, stored model generation) in one statement: both rows are
    optional (index 0, model -1 = lm_store.NO_MODEL when missing)."""
    # Table names from our own models, no input.
    index, model = IndexGeneration._meta.db_table, StoredLanguageModel._meta.db_table
    statement = (
        f"SELECT (SELECT value FROM {index} WHERE id = 1),"  # noqa: S608
        f" (SELECT generation FROM {model} WHERE id = 1)"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement)
        row = cursor.fetchone()
    if row is None:
        return (0, -1)
    return (int(row[0] or 0), -1 if row[1] is None else int(row[1]))


def versions_now(now: float | None = None) -> Versions:
    """The versions, read from the database at most every GENERATION_CHECK_SECONDS.

    Under load the one-row query was most of a cached answer's time (py-spy: 79 % of
    a cached API request, mostly waiting for the GIL to come back after SQLite), so
    another process's publish is seen up to this long after it commits; after a bump
    in this process the next search reads the value again.
    """
    global _versions
    now = time.monotonic() if now is None else now
    value, read_at = _versions
    if now - read_at >= GENERATION_CHECK_SECONDS:
        value = read_versions()
        _versions = (value, now)
    return value


def forget_versions() -> None:
    """Read the versions again at the next search (after this process stored a model)."""
    global _versions
    _versions = (_versions[0], float("-inf"))


def bump_generation() -> None:
    """Mark every cached answer stale. The new value is random, not value + 1: a bump
    inside a transaction that rolls back must not be re-issued by the next bump, or
    answers cached while the rolled-back value was visible (to that connection) would
    count as current again."""
    value = secrets.randbits(62) + 1
    if not IndexGeneration.objects.filter(pk=1).update(value=value):
        IndexGeneration.objects.update_or_create(pk=1, defaults={"value": value})
    # Not read again before the next search: inside a transaction that later rolls
    # back, the value must not outlive it here.
    forget_versions()
    _notify_after_commit()


def on_bump_committed(listener: Callable[[], None]) -> None:
    """Call `listener` after each commit of a transaction that bumped the generation."""
    if listener not in _bump_listeners:
        _bump_listeners.append(listener)


_PENDING = "gongkai_search_bump_pending"  # on the connection: the callback waiting


def _after_commit() -> None:
    for listener in list(_bump_listeners):
        listener()


def _notify_after_commit() -> None:
    """Once per transaction however many bumps it made (an import indexes in batches
    of 200 inside one transaction): skipped while this connection's callback is still
    waiting in its list of commit callbacks (a rollback takes it out of the list, so
    the next transaction registers again)."""
    if not _bump_listeners:
        return
    waiting = getattr(connection, _PENDING, None)
    if (
        connection.in_atomic_block
        and waiting is not None
        and any(entry[1] is waiting for entry in connection.run_on_commit)
    ):
        return

    def callback() -> None:
        setattr(connection, _PENDING, None)
        _after_commit()

    setattr(connection, _PENDING, callback if connection.in_atomic_block else None)
    transaction.on_commit(callback, robust=True)


def _cached(
    namespace: str,
    key: Hashable,
    run: Callable[[], T],
    *,
    limit: int,
    ttl: float = TTL_SECONDS,
    refresh: bool = False,
) -> T:
    """`run()`, or what it gave for the same key at the current versions.

    `refresh`: an entry past its lifetime but at the current versions is given out
    once more while `run()` computes it again in the background (one refresh per key
    at a time), up to STALE_GRACE_SECONDS late."""
    now = time.monotonic()
    versions = versions_now(now)
    with _lock:
        entries = _entries.setdefault(namespace, OrderedDict())
        entry = entries.get(key)
        if entry is not None and entry[0] == versions:
            if now < entry[1]:
                entries.move_to_end(key)
                _count(namespace, "hits")
                return entry[2]  # type: ignore[no-any-return]  # stored by this function
            if (
                refresh
                and now < entry[1] + STALE_GRACE_SECONDS
                and _start_refresh(namespace, key, run, limit=limit, ttl=ttl)
            ):
                entries.move_to_end(key)
                _count(namespace, "stale")
                return entry[2]  # type: ignore[no-any-return]  # stored by this function
        _count(namespace, "misses")
    result = run()
    _store(namespace, key, versions, result, now=now, limit=limit, ttl=ttl)
    return result


def _store(
    namespace: str,
    key: Hashable,
    versions: Versions,
    result: Any,
    *,
    now: float,
    limit: int,
    ttl: float,
) -> None:
    # Lifetimes spread over the last quarter of the TTL: entries cached together (a
    # warm-up, a burst after a publish) do not all expire in the same second and send
    # every popular query to the engine at once (seen as a p99 spike under load).
    expires = now + ttl * _random.uniform(0.75, 1.0)
    with _lock:
        entries = _entries.setdefault(namespace, OrderedDict())
        entries[key] = (versions, expires, result)
        entries.move_to_end(key)
        while len(entries) > limit:
            entries.popitem(last=False)


# -- refreshing expired entries off the request path ----------------------------------
# Why not the background task queue of core.task_backends: an editor's publish runs
# there for minutes, and a refresh behind it would leave the page stale that long.
# Why refresh at all: under load every expiry of a popular page was a render of
# 50-150 ms in a request (the p99 of the search page, issue #14 item 6); served stale
# meanwhile, no visitor waits for it.

_refreshing: set[tuple[str, Hashable]] = set()  # guarded by _lock
_refresh_jobs: queue.Queue[Callable[[], None]] = queue.Queue(MAX_PENDING_REFRESHES)
_refresh_thread: threading.Thread | None = None


def _start_refresh(
    namespace: str, key: Hashable, run: Callable[[], Any], *, limit: int, ttl: float
) -> bool:
    """Queue one refresh of this entry (called holding _lock). True when one is
    queued or already running; False when the queue is full (compute it now)."""
    marker = (namespace, key)
    if marker in _refreshing:
        return True
    language = translation.get_language()

    def job() -> None:
        try:
            with translation.override(language):
                now = time.monotonic()
                versions = versions_now(now)
                _store(namespace, key, versions, run(), now=now, limit=limit, ttl=ttl)
        except Exception:
            # The stale entry goes: the next request computes it and sees the error.
            logger.exception("search cache: refreshing %s failed", namespace)
            with _lock:
                _entries.get(namespace, OrderedDict()).pop(key, None)
        finally:
            with _lock:
                _refreshing.discard(marker)

    try:
        run_in_background(job)
    except queue.Full:
        return False
    _refreshing.add(marker)
    return True


def run_in_background(job: Callable[[], None]) -> None:
    """Queue `job` for this process's refresh thread (started on first use); raises
    queue.Full when MAX_PENDING_REFRESHES wait. Tests replace it to run jobs inline."""
    global _refresh_thread
    _refresh_jobs.put_nowait(job)
    if _refresh_thread is None or not _refresh_thread.is_alive():
        _refresh_thread = threading.Thread(
            target=_refresh_loop, name="gongkai-search-refresh", daemon=True
        )
        _refresh_thread.start()


def _refresh_loop() -> None:
    while True:
        job = _refresh_jobs.get()
        # As a request would: a connection past CONN_MAX_AGE or broken is replaced.
        close_old_connections()
        try:
            job()
        finally:
            close_old_connections()
            _refresh_jobs.task_done()


def _count(namespace: str, outcome: str) -> None:
    counts = namespace_statistics.setdefault(
        namespace, {"hits": 0, "misses": 0, "stale": 0}
    )
    counts[outcome] += 1
    if namespace == "results" and outcome in statistics:
        statistics[outcome] += 1


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
    return _cached("results", key, lambda: run(query), limit=limit)


def cached_value(
    namespace: str, key: Hashable, run: Callable[[], T], *, refresh: bool = False
) -> T:
    """`run()` kept like a search answer (same versions, TTL and bound) under its own
    namespace: the rendered search page, a query's correction. `refresh`: see
    _cached (run() is then called in another thread, after this request)."""
    limit = max_entries()
    if limit <= 0:
        return run()
    try:
        hash(key)
    except TypeError:
        return run()
    return _cached(namespace, key, run, limit=limit, refresh=refresh)


MAX_MEMO_KEYS = 50_000
_MISSING = object()
# namespace -> (versions, {key: value or _MISSING})
_memos: dict[str, tuple[Versions | None, dict[Hashable, Any]]] = {}


def memo_lookup(
    namespace: str,
    keys: Iterable[K],
    fetch: Callable[[list[K]], dict[K, V]],
) -> dict[K, V]:
    """`fetch(keys)` (the found keys with their values), remembering each key's answer,
    found or not, until the index (or model) generation changes or TTL passes.

    For the small lookups every search makes whatever its query (is this word in the
    vocabulary, the title of this column, what does this 解读 interpret): a new query
    mostly asks about the same few hundred words and pages as the ones before it."""
    keys = list(dict.fromkeys(keys))
    if max_entries() <= 0 or not keys:
        return fetch(keys) if keys else {}
    now = time.monotonic()
    versions = versions_now(now)
    memo_versions, memo = _memos.get(namespace, (None, {}))
    if memo_versions != versions or len(memo) > MAX_MEMO_KEYS:
        memo = {}
        _memos[namespace] = (versions, memo)
    missing = [k for k in keys if k not in memo]
    if missing:
        found = fetch(missing)
        for key in missing:
            memo[key] = found.get(key, _MISSING)
    out: dict[K, V] = {}
    for key in keys:
        value = memo.get(key, _MISSING)
        if value is not _MISSING:
            out[key] = value
    return out


def clear() -> None:
    global _versions
    _versions = ((0, -1), float("-inf"))
    with _lock:
        _entries.clear()
        statistics.update(hits=0, misses=0)
        namespace_statistics.clear()
        _memos.clear()
        _refreshing.clear()


def size(namespace: str = "results") -> int:
    return len(_entries.get(namespace, ()))
