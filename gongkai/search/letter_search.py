"""The site's Chinese search over published letters (互动交流, /hudong/?q=).

A letter matches the way a page matches the site search: the query is understood by
`understanding.understand` (half-width, simplified, lower case, segmented into words,
synonyms added, a pinyin reading for a Latin-letter query) and a letter matches a
reading when each of its words, or one of that word's alternatives, occurs anywhere in
one of the letter's public fields.

Both sides meet in one form: the letter's public fields are kept normalised by the
same `normalisation.normalise` in `LetterText` (see models.py), so a letter written in
traditional or full-width characters, or with a line break inside a word, is found by a
simplified, half-width query. The words are matched as substrings of that stored form
in the database: the ORM escapes `%`, `_` and quotes, and the understood query is
bounded (MAX_QUERY_CHARS, MAX_CLAUSES, MAX_ALTERNATIVES), so the filter stays small.

Results are ranked, not just filtered: letters with more query words in the title
(the first field) first, then more words in the other fields, then the newest.

interaction (layer 3) may not import this app; it calls this function through
`interaction.selectors.register_letter_search`, wired in `SearchConfig.ready()`, and
passes the published letters and their public fields itself.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When

from .models import LetterText
from .normalisation import normalise
from .query_parsing import Alternative
from .understanding import understand

M = TypeVar("M", bound=Model)

# A space or line break between two Han characters: no word boundary in Chinese text
# (a line wrapped inside 社会保险), so the stored form and the query words drop it.
# Applied to the output of `normalise`, not a second normaliser.
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def search_form(text: str) -> str:
    """`text` as the letter index stores it and a query word is compared with it."""
    return _HAN_GAP.sub("", normalise(text or ""))


def index_letter(letter: Any, fields: Sequence[str]) -> None:
    """Store the search form of `letter`'s public `fields` (its LetterText row)."""
    LetterText.objects.update_or_create(
        letter_id=letter.pk,
        defaults={name: search_form(getattr(letter, name)) for name in fields},
    )


def _index_missing(letters: QuerySet[M], fields: Sequence[str]) -> None:
    """Letters saved without the signal (bulk_create, a fixture load) get their row
    now: one cheap query when none is missing."""
    for letter in letters.filter(search_text__isnull=True):
        index_letter(letter, fields)


def _in_field(name: str, alternatives: list[Alternative]) -> Q:
    any_alternative = Q()
    for alternative in alternatives:
        text = search_form(alternative.text)
        if text:
            any_alternative |= Q(**{f"search_text__{name}__contains": text})
    return any_alternative


def _hits(conditions: list[Q]) -> Any:
    """How many of `conditions` hold (one CASE per clause)."""
    cases = [
        Case(When(c, then=Value(1)), default=Value(0), output_field=IntegerField())
        for c in conditions
        if c
    ]
    if not cases:
        return Value(0, output_field=IntegerField())
    return functools.reduce(operator.add, cases)


def search_letters(
    raw: str, letters: QuerySet[M], fields: Sequence[str]
) -> QuerySet[M]:
    """`letters` whose `fields` match `raw` in any of its readings, best first."""
    understood = understand(raw)
    if not fields:
        return letters.none()
    _index_missing(letters, fields)
    title, others = fields[0], fields[1:]
    any_reading = Q()
    title_conditions: list[Q] = []
    other_conditions: list[Q] = []
    for reading in understood.readings:
        if reading.is_empty:
            continue
        every_word = Q()
        for clause in reading.clauses:
            in_title = _in_field(title, clause)
            in_others = Q()
            for name in others:
                in_others |= _in_field(name, clause)
            if not in_title and not in_others:
                continue
            every_word &= in_title | in_others
            title_conditions.append(in_title)
            other_conditions.append(in_others)
        if every_word:
            any_reading |= every_word
    if not any_reading:  # nothing searchable in the query (only punctuation …)
        return letters.none()
    # annotate() loses the model type in django-stubs; the rows are still `M`.
    return cast(
        "QuerySet[M]",
        letters.filter(any_reading)
        .annotate(
            title_hits=_hits(title_conditions), other_hits=_hits(other_conditions)
        )
        .order_by("-title_hits", "-other_hits", "-received_on", "-pk"),
    )
