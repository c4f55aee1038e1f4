"""The analysis state read from the database: the segmenter with the user dictionary,
synonyms, and lookups in the index vocabulary (pinyin keys, correction).

The small parts (user dictionary, synonyms, the segmenter built from them) are cached
per process, dropped when a row is saved in this process and, for other processes,
after `CACHE_SECONDS`. The index vocabulary, which grows with the index, is never
loaded whole: each query asks the database for the few keys it needs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from gongkai.core.models import Organisation

from . import result_cache
from .corrections import wildcard_keys
from .models import SearchTerm, SearchTermKey, SynonymSet, UserTerm
from .normalisation import normalise
from .pinyin import (
    could_be_initials,
    could_be_prefix,
    fits_pattern,
    initials_key,
    mixed_patterns,
    pattern_initials,
    pinyin_key,
    prefix_range,
    rank_readings,
    word_syllables,
)
from .segmentation import Segmenter
from .synonyms import SynonymTable

CACHE_SECONDS = 60.0
T = TypeVar("T")
_lock = threading.Lock()
_build_lock = threading.Lock()  # one thread builds a dear value, the others wait
_cache: dict[str, tuple[float, Any]] = {}


def reset() -> None:
    with _lock:
        _cache.clear()


def cached(name: str, build: Callable[[], T]) -> T:
    now = time.monotonic()
    hit = _cache.get(name)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]  # type: ignore[no-any-return]  # stored by this function
    value = build()
    with _lock:
        _cache[name] = (now, value)
    return value


def cached_by(name: str, key: Any, build: Callable[[], T]) -> T:
    """A value kept until `key` changes (or `reset`), not for a fixed time: for
    what is dear to build (the language model) and has a cheap signature."""
    hit = _cache.get(name)
    if hit is not None and hit[1][0] == key:
        return hit[1][1]  # type: ignore[no-any-return]  # stored by this function
    with _build_lock:
        hit = _cache.get(name)
        if hit is not None and hit[1][0] == key:
            return hit[1][1]  # type: ignore[no-any-return]  # built meanwhile
        value = build()
        with _lock:
            _cache[name] = (time.monotonic(), (key, value))
    return value


def user_words() -> list[str]:
    """The user dictionary plus the names of the organisations (机构) of the site."""
    words = list(UserTerm.objects.values_list("word", flat=True))
    for name, short_name in Organisation.objects.values_list("name", "short_name"):
        words.extend([name, short_name])
    return [normalise(w) for w in words if w]


def get_segmenter() -> Segmenter:
    def build() -> Segmenter:
        words = frozenset(w for w in user_words() if w)
        previous = _cache.get("segmenter")
        if previous is not None and previous[1].user_words == words:
            # Unchanged dictionary: keep the loaded segmenter (building one costs ~0.3 s,
            # which every process would otherwise pay on a request once a minute).
            return previous[1]  # type: ignore[no-any-return]  # stored by cached()
        return Segmenter(words)

    return cached("segmenter", build)


def get_synonyms() -> SynonymTable:
    def build() -> SynonymTable:
        return SynonymTable(
            [normalise(t) for t in s.term_list()] for s in SynonymSet.objects.all()
        )

    return cached("synonyms", build)


USER_WORD_FREQUENCY = 1000  # editors' terms win ties against indexed words


def _user_vocabulary() -> dict[str, str]:
    """User dictionary word → pinyin key (a few hundred words, kept in memory)."""
    return cached("user_vocabulary", lambda: {w: pinyin_key(w) for w in user_words()})


def known_frequencies(words: Iterable[str]) -> dict[str, int]:
    """The known words among `words` (indexed or in the user dictionary), with frequencies."""
    words = set(words)
    found = _indexed_frequencies(words)
    for word in words & _user_vocabulary().keys():
        found[word] = found.get(word, 0) + USER_WORD_FREQUENCY
    return found


def indexed_words(words: Iterable[str]) -> set[str]:
    """The words among `words` that the index holds as tokens (the vocabulary table)."""
    candidates = {w for w in words if len(w) > 1}
    if not candidates:
        return set()
    return set(_indexed_frequencies(candidates))


def _indexed_frequencies(words: Iterable[str]) -> dict[str, int]:
    """The indexed words among `words` with their frequencies; each word's answer is
    remembered until the index changes (result_cache.memo_lookup)."""

    def fetch(missing: list[str]) -> dict[str, int]:
        return dict(
            SearchTerm.objects.filter(word__in=missing).values_list("word", "frequency")
        )

    return result_cache.memo_lookup("vocabulary", words, fetch)


def neighbours(keys: Iterable[str]) -> dict[str, list[str]]:
    """Wildcard key → known words filed under it."""
    keys = set(keys)
    out: dict[str, list[str]] = {}
    for key, word in SearchTermKey.objects.filter(key__in=keys).values_list(
        "key", "word"
    ):
        out.setdefault(key, []).append(word)
    for word in _user_vocabulary():
        for key in wildcard_keys(word):
            if key in keys:
                out.setdefault(key, []).append(word)
    return out


def words_for_pinyin(keys: Iterable[str]) -> dict[str, str]:
    """Pinyin key → the most frequent known word read so."""
    keys = set(keys)
    best: dict[str, tuple[int, str]] = {}
    rows = SearchTerm.objects.filter(pinyin__in=keys).values_list(
        "pinyin", "word", "frequency"
    )
    user = [
        (key, word, USER_WORD_FREQUENCY)
        for word, key in _user_vocabulary().items()
        if key in keys
    ]
    for key, word, frequency in [*rows, *user]:
        if key not in best or (frequency, word) > best[key]:
            best[key] = (frequency, word)
    return {key: word for key, (_, word) in best.items()}


MAX_READINGS = 8  # words of one pinyin key searched together
# Words read before the syllables are checked (a mixed reading's initials may name
# many words, most of which a whole syllable then rules out).
MIXED_CANDIDATES = 200


def all_words_for_pinyin(key: str) -> list[str]:
    """Every known word read `key` (xiyan → 吸烟, 西演), most frequent first."""
    terms = SearchTerm.objects.filter(pinyin=key).order_by("-frequency", "word")
    rows = list(terms.values_list("word", "frequency")[:MAX_READINGS])
    rows += [
        (word, USER_WORD_FREQUENCY)
        for word, k in _user_vocabulary().items()
        if k == key
    ]
    best: dict[str, int] = {}
    for word, frequency in rows:
        best[word] = max(best.get(word, 0), frequency)
    return sorted(best, key=lambda w: (-best[w], w))[:MAX_READINGS]


def words_for_initials(initials: str) -> list[str]:
    """Index words whose initials are `initials` (gjj → 公积金), most frequent first,
    at most MAX_READINGS. Only words the index holds: initials are never expanded
    into characters one letter at a time (see pinyin.MIN_INITIALS)."""
    if not could_be_initials(initials):
        return []
    rows = SearchTerm.objects.filter(initials=initials).order_by("-frequency", "word")
    return rank_readings(
        rows.values_list("word", "frequency")[:MAX_READINGS], limit=MAX_READINGS
    )


def words_for_pinyin_prefix(prefix: str) -> list[str]:
    """Index words whose key starts with `prefix` and goes on (zhengfuxinxig → 政府信息公开),
    most frequent first, at most MAX_READINGS."""
    if not could_be_prefix(prefix):
        return []
    low, high = prefix_range(prefix)
    terms = SearchTerm.objects.filter(pinyin__gt=low)
    if high is not None:
        terms = terms.filter(pinyin__lt=high)
    rows: list[tuple[str, int]] = list(
        terms.order_by("-frequency", "word").values_list("word", "frequency")[
            :MAX_READINGS
        ]
    )
    user = [
        (word, USER_WORD_FREQUENCY)
        for word, key in _user_vocabulary().items()
        if key.startswith(prefix) and key != prefix
    ]
    return rank_readings([*rows, *user], limit=MAX_READINGS)


def words_for_mixed_pinyin(compact: str) -> list[str]:
    """Index words typed as whole syllables mixed with initials (zhfxxgk,
    zhengfuxxgk → 政府信息公开), most frequent first, at most MAX_READINGS: the words
    filed under the initials of some reading of the letters, kept when their own
    syllables fit that reading (pinyin.mixed_patterns)."""
    patterns = mixed_patterns(compact)
    if not patterns:
        return []
    keys = {pattern_initials(p) for p in patterns}
    rows = list(
        SearchTerm.objects.filter(initials__in=keys)
        .order_by("-frequency", "word")
        .values_list("word", "frequency")[:MIXED_CANDIDATES]
    )
    rows += [
        (word, USER_WORD_FREQUENCY)
        for word in _user_vocabulary()
        if initials_key(word) in keys
    ]
    fitting = [
        (word, frequency)
        for word, frequency in rows
        if any(fits_pattern(word_syllables(word), p) for p in patterns)
    ]
    return rank_readings(fitting, limit=MAX_READINGS)
