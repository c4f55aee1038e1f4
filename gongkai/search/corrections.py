"""Misspelling correction ("您是不是要找") from the index vocabulary.

Pure: no ORM. Precision first: a correct word must never be rewritten (公积金 was
once "corrected" to 公共金). So
- only spans that are not known words are corrected: a jieba token that is neither
  in jieba's dictionary nor in the index vocabulary, or a run of two or more
  single-character tokens that is not a known word (see `unknown_spans`);
- candidates stay inside one span: known words at Hamming distance one of a window
  of the span (every vocabulary word is filed under its wildcard keys, the word with
  one character replaced by *, in `SearchTermKey`: one indexed lookup finds them);
- the replaced character must read like the typed one (same toneless pinyin, or one
  of the fuzzy pairs people confuse: zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing).
  形近字 (攻府 for 政府) are not proposed: measured on held-out text they tripled the
  false corrections (bench/search/quality.py);
- a character bigram test from the index: the typed character must form a pair with
  a neighbour that the index never holds, and the corrected one must not (a
  misspelling nearly always makes an unseen pair, 保现; a correct rare string rarely);
  In a run of single characters (each a dictionary word alone: 也不搞, 我想) the
  typed character must make an unseen pair on every side it has a neighbour: one
  unseen pair there is as often a rare but right phrase as a slip (held-out text:
  8 of 46 false corrections were such runs; the rule removes 7 at a cost of 0.1
  point of recall, bench/search/quality.py);
- several spans may be corrected, each independently.
The caller proposes a correction only when the query as typed finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

MIN_WINDOW = 2
MAX_WINDOW = 8
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def wildcard_keys(word: str) -> list[str]:
    return [word[:i] + "*" + word[i + 1 :] for i in range(len(word))]


def windows(text: str) -> list[str]:
    """Substrings of 2..8 characters, longest first, left to right."""
    return [
        text[start : start + length]
        for length in range(min(len(text), MAX_WINDOW), MIN_WINDOW - 1, -1)
        for start in range(len(text) - length + 1)
    ]


@lru_cache(maxsize=20_000)
def fuzzy_reading(character: str) -> str:
    """The toneless pinyin of a character with the fuzzy pairs folded (zh → z ...)."""
    from pypinyin import lazy_pinyin

    syllable = (
        "".join(lazy_pinyin(character, errors="ignore"))
        .replace("ü", "u")
        .replace("v", "u")
    )
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


def sounds_alike(a: str, b: str) -> bool:
    return bool(fuzzy_reading(a)) and fuzzy_reading(a) == fuzzy_reading(b)


def _is_han(text: str) -> bool:
    return bool(_HAN.match(text))


def unknown_spans(
    tokens: Sequence[str], is_known: Callable[[str], bool]
) -> list[tuple[str, bool]]:
    """(span, made up by jieba) for the parts of a segmented query that are not known
    words: an unknown multi-character Han token, or a run of >= 2 single Han
    characters whose joined text is not known (中区 cut 中 / 区)."""
    out: list[tuple[str, bool]] = []
    run: list[str] = []

    def flush() -> None:
        joined = "".join(run)
        if len(joined) >= MIN_WINDOW and not is_known(joined):
            out.append((joined, False))
        run.clear()

    for token in tokens:
        if len(token) == 1 and _is_han(token):
            run.append(token)
            continue
        flush()
        if len(token) >= MIN_WINDOW and _is_han(token) and not is_known(token):
            out.append((token, True))
    flush()
    return out


def correct_span(
    span: str,
    *,
    frequencies: Mapping[str, int],
    neighbours: Mapping[str, Sequence[str]],
    unseen: Callable[[str], bool] = lambda pair: True,
    context: tuple[str, str] = ("", ""),
    every: bool = False,
) -> str:
    """The span with its best window replaced by a known word one character away, or
    "" when no candidate passes (see the module docstring). `every`: the typed
    character must make an unseen pair with each neighbour it has, not just one (for
    a run of single characters, see `correct`)."""
    best: tuple[tuple[int, int, int], str] | None = None
    for window in windows(span):
        if window in frequencies:
            continue
        start = span.index(window)
        for position, key in enumerate(wildcard_keys(window)):
            for word in neighbours.get(key, ()):
                if word == window or len(word) != len(window):
                    continue
                alike = sounds_alike(window[position], word[position])
                if not alike:
                    continue
                at = len(context[0]) + start + position
                if not _improbable(
                    context[0] + span + context[1], at, unseen, every=every
                ):
                    continue
                fixed = span[:start] + word + span[start + len(window) :]
                if _improbable(context[0] + fixed + context[1], at, unseen):
                    continue  # the corrected text is no likelier there
                rank = (int(alike), len(word), frequencies.get(word, 0))
                if best is None or rank > best[0]:
                    best = (rank, fixed)
    return "" if best is None else best[1]


def _improbable(
    text: str, at: int, unseen: Callable[[str], bool], every: bool = False
) -> bool:
    """Whether the character at `at` forms a pair with a neighbour that the index
    never holds: the character bigram model gives the text as typed probability zero
    there (a misspelling nearly always makes such a pair: 保现; a correct rare
    string rarely does)."""
    pairs = [text[i : i + 2] for i in (at - 1, at) if i >= 0 and i + 2 <= len(text)]
    if every:
        return bool(pairs) and all(unseen(pair) for pair in pairs)
    return any(unseen(pair) for pair in pairs)


def pairs_of(text: str) -> set[str]:
    """The character pairs of a text (what `unseen` is asked about)."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def span_lookups(spans: Iterable[str]) -> tuple[set[str], set[str]]:
    """The windows and wildcard keys `correct_span` reads for these spans."""
    all_windows = {w for span in spans for w in windows(span)}
    return all_windows, {key for w in all_windows for key in wildcard_keys(w)}


def correct(
    text: str,
    *,
    tokens: Sequence[str],
    is_known: Callable[[str], bool],
    frequencies: Mapping[str, int],
    neighbours: Mapping[str, Sequence[str]],
    unseen: Callable[[str], bool] = lambda pair: True,
) -> str:
    """The text with each unknown span corrected, or "" when nothing changed.

    `tokens`: the query's precise-mode jieba tokens; `is_known`: whether a word is in
    the dictionary or the index vocabulary; `frequencies`: known words among the
    windows and candidates; `neighbours`: wildcard key → known words; `unseen`:
    whether a character pair never occurs in the index."""
    out, changed = text, False
    for span, made_up in unknown_spans(tokens, is_known):
        at = text.find(span)
        context = (
            text[at - 1 : at] if at > 0 else "",
            text[at + len(span) : at + len(span) + 1],
        )
        fixed = correct_span(
            span,
            frequencies=frequencies,
            neighbours=neighbours,
            unseen=unseen,
            context=context,
            every=not made_up,
        )
        if fixed and fixed != span:
            out, changed = out.replace(span, fixed, 1), True
    return out if changed else ""
