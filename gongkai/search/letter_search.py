"""The site's Chinese search over published letters (互动交流, /hudong/?q=).

A letter matches the way a page matches the site search: the query is understood by
`understanding.understand` (half-width, simplified, lower case, segmented into words,
synonyms added, a pinyin reading for a Latin-letter query) and a letter matches a
reading when each of its words, or one of that word's alternatives, occurs anywhere in
one of the letter's public fields.

Letters are not in the page index (a handful a month, and their public text changes
with each reply), so the words are matched as case-insensitive substrings in the
database: the ORM escapes `%`, `_` and quotes, and the understood query is bounded
(MAX_QUERY_CHARS, MAX_CLAUSES, MAX_ALTERNATIVES), so the filter stays small.

interaction (layer 3) may not import this app; it calls this function through
`interaction.selectors.register_letter_search`, wired in `SearchConfig.ready()`, and
passes the published letters and their public fields itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from .understanding import understand

M = TypeVar("M", bound=Model)


def search_letters(
    raw: str, letters: QuerySet[M], fields: Sequence[str]
) -> QuerySet[M]:
    """`letters` whose `fields` match `raw` in any of its readings."""
    understood = understand(raw)
    any_reading = Q()
    for reading in understood.readings:
        if reading.is_empty:
            continue
        every_word = Q()
        for clause in reading.clauses:
            any_alternative = Q()
            for alternative in clause:
                for name in fields:
                    any_alternative |= Q(**{f"{name}__icontains": alternative.text})
            every_word &= any_alternative
        any_reading |= every_word
    if not any_reading:  # nothing searchable in the query (only punctuation …)
        return letters.none()
    return letters.filter(any_reading)
