"""Highlighting and snippets. Pure: no ORM."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape

from .normalisation import to_half_width, to_simplified

SNIPPET_CHARS = 120


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t.replace(" ", "") for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, terms: Iterable[str]) -> str:
    """Escaped text with <mark> around each term (terms are in normalised form)."""
    pattern = _pattern(terms)
    # Match on the normalised text (same length for the changes normalise makes to
    # CJK and full-width text) so 資訊 in a title is marked for the query 资讯.
    folded = _fold(text)
    if pattern is None or len(folded) != len(text):
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(folded):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _fold(text: str) -> str:
    folded = to_simplified(to_half_width(text)).lower()
    return folded if len(folded) == len(text) else text.lower()


def snippet(text: str, terms: Iterable[str], *, length: int = SNIPPET_CHARS) -> str:
    """A window of `text` around the first term found, highlighted."""
    terms = list(terms)
    text = " ".join(text.split())
    pattern = _pattern(terms)
    start = 0
    if pattern is not None:
        match = pattern.search(_fold(text))
        if match:
            start = max(0, match.start() - length // 4)
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return prefix + highlight(window, terms) + suffix
