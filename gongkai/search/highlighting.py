"""Highlighting and snippets. Pure: no ORM."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape

from .normalisation import may_change, to_half_width, to_simplified

SNIPPET_CHARS = 120


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted(
        {t.replace(" ", "") for t in terms if t.strip()}, key=len, reverse=True
    )
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
    out: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _fold(text: str) -> str:
    if not may_change(text):  # most text: OpenCC costs ~1 µs a character
        return text.lower()
    folded = to_simplified(to_half_width(text)).lower()
    return folded if len(folded) == len(text) else text.lower()


FOLD_CHUNK = 2_000  # characters folded at a time while looking for the first term


def first_match(text: str, pattern: re.Pattern[str], *, longest: int) -> int | None:
    """Where the first term starts in the folded `text`, folding it chunk by chunk.

    Folding (OpenCC t2s over the whole body, up to 20,000 characters of attachments)
    was most of a search response's time; the first term is usually near the start.
    Chunks overlap by the longest term less one, so a term across a boundary is found.
    """
    if not may_change(text):  # the pattern ignores case: nothing to fold
        match = pattern.search(text)
        return match.start() if match else None
    step = FOLD_CHUNK
    overlap = max(longest - 1, 0)
    for begin in range(0, max(len(text), 1), step):
        chunk = text[begin : begin + step + overlap]
        match = pattern.search(_fold(chunk))
        if match:
            return begin + match.start()
    return None


def snippet(text: str, terms: Iterable[str], *, length: int = SNIPPET_CHARS) -> str:
    """A window of `text` around the first term found, highlighted."""
    terms = list(terms)
    text = " ".join(text.split())
    pattern = _pattern(terms)
    start = 0
    if pattern is not None:
        found = first_match(text, pattern, longest=max(len(t) for t in terms))
        if found is not None:
            start = max(0, found - length // 4)
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return prefix + highlight(window, terms) + suffix
