"""Misspelling correction ("您是不是要找") from the index vocabulary.

Pure: no ORM. A misspelt query usually has one wrong character in a known term
(攻府信息公开 for 政府信息公开). Every vocabulary word is filed under its wildcard keys
(the word with one character replaced by *, stored in `SearchTermKey`); a query window
is looked up under its own wildcard keys, which finds every known word at Hamming
distance one with one indexed lookup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

MIN_WINDOW = 2
MAX_WINDOW = 8


def wildcard_keys(word: str) -> list[str]:
    return [word[:i] + "*" + word[i + 1 :] for i in range(len(word))]


def windows(text: str) -> list[str]:
    """Substrings of 2..8 characters, longest first, left to right."""
    return [
        text[start : start + length]
        for length in range(min(len(text), MAX_WINDOW), MIN_WINDOW - 1, -1)
        for start in range(len(text) - length + 1)
    ]


def correct(text: str, *, frequencies: Mapping[str, int], neighbours: Mapping[str, Sequence[str]]) -> str:
    """The text with its longest unknown window replaced by its most frequent
    neighbour (a known word one character away), or "" when there is none.

    `frequencies`: known words among the windows; `neighbours`: wildcard key → words.
    """
    for window in windows(text):
        if window in frequencies:
            continue
        found = {w for key in wildcard_keys(window) for w in neighbours.get(key, ()) if w != window}
        if found:
            best = min(found, key=lambda w: (-frequencies.get(w, 0), w))
            start = text.index(window)
            return text[:start] + best + text[start + len(window) :]
    return ""
