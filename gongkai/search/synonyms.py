"""Synonym sets: parsing and query expansion. Pure: no ORM."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[/／,，、;；\s]+")


def split_terms(text: str) -> list[str]:
    """社保/社会保险, 社保，社会保险 → ["社保", "社会保险"] (order kept, no repeats)."""
    seen: dict[str, None] = {}
    for term in _SEPARATORS.split(text):
        if term.strip():
            seen.setdefault(term.strip(), None)
    return list(seen)


class SynonymTable:
    """Maps each term to the other terms of its sets."""

    def __init__(self, sets: Iterable[Iterable[str]]) -> None:
        self._others: dict[str, list[str]] = {}
        for terms in sets:
            terms = list(terms)
            for term in terms:
                others = self._others.setdefault(term, [])
                others.extend(t for t in terms if t != term and t not in others)

    def expand(self, word: str) -> list[str]:
        return list(self._others.get(word, ()))
