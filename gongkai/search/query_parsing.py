"""Parse a normalised query into clauses and compile them for FTS5 and tsquery.

Pure: no ORM. A query is a list of clauses that must all match (AND); a clause is a
list of alternatives (OR: a word and its synonyms). An alternative matches as an
indexed word, or as a phrase of units (an exact substring), see segmentation.py.
Everything that reaches SQL is made of [0-9a-z] and Han characters only, so no user
input can form an FTS5 or tsquery operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .segmentation import Segmenter, is_han, phrase_tokens, units

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')
MAX_CLAUSES = 12
MAX_ALTERNATIVES = 8


@dataclass(frozen=True)
class Alternative:
    text: str  # a word, or a phrase's text
    is_phrase: bool = False
    # An indexed word: match it as a word only, skipping the unit phrase, which is
    # costly for common characters (see understanding.mark_indexed_words).
    word_only: bool = False

    def units(self) -> list[str]:
        return units(self.text)


@dataclass
class ParsedQuery:
    clauses: list[list[Alternative]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def terms(self) -> list[str]:
        """Every alternative's text, for highlighting."""
        return [alt.text for clause in self.clauses for alt in clause]


def split_phrases(text: str) -> tuple[list[str], str]:
    """Quoted phrases and the rest of the text."""
    phrases = [
        next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(text)
    ]
    rest = _QUOTED.sub(" ", text).replace('"', " ")
    return [p for p in phrases if units(p)], rest


def parse_query(text: str, segmenter: Segmenter) -> ParsedQuery:
    """Clauses of a normalised query: each quoted phrase, then each word."""
    phrases, rest = split_phrases(text)
    clauses = [[Alternative(p.strip(), is_phrase=True)] for p in phrases]
    seen: set[str] = set()
    for word in join_lone_characters(rest, segmenter.query_words(rest)):
        if word not in seen:
            seen.add(word)
            clauses.append([Alternative(word)])
    return ParsedQuery(clauses[:MAX_CLAUSES])


def join_lone_characters(text: str, words: list[str]) -> list[str]:
    """`words` (the segmenter's, in order) with each run of two or more single Han
    characters that stand next to each other in `text` joined into one word.

    A word the segmenter does not know is cut into characters (中区 → 中 / 区, 下年 →
    下 / 年); as separate clauses they match a page holding both characters anywhere,
    and the page that has the word ranked 34th. Joined, the word matches as the phrase
    of its units (an exact substring), so adjacency is kept. Characters typed apart
    (中 区) stay apart.
    """
    out: list[str] = []
    run: list[str] = []
    position, run_end = 0, -1

    def flush() -> None:
        if run:
            out.append("".join(run))
            run.clear()

    for word in words:
        start = text.find(word, position)
        if start < 0:  # not found as typed (cannot happen with the segmenter's words)
            flush()
            out.append(word)
            continue
        if len(word) == 1 and is_han(word):
            if start != run_end:
                flush()
            run.append(word)
            run_end = start + 1
        else:
            flush()
            out.append(word)
        position = start + len(word)
    flush()
    return out


def _fts_alternative(alt: Alternative, title_only: bool, thorough: bool) -> str:
    tokens, prefix = (
        ([], False) if alt.word_only and not thorough else phrase_tokens(alt.text)
    )
    word_cols = "{title}" if title_only else "{title body}"
    unit_cols = "{title_units}" if title_only else "{title_units body_units}"
    parts = []
    if not alt.is_phrase and alt.text.isalnum():
        parts.append(f'{word_cols} : "{alt.text}"')
    if tokens:
        parts.append(f'{unit_cols} : "{" ".join(tokens)}"' + ("*" if prefix else ""))
    return "(" + " OR ".join(parts) + ")"


def to_fts5(
    query: ParsedQuery, *, title_only: bool = False, thorough: bool = True
) -> str:
    """An FTS5 MATCH expression; `thorough` also matches indexed words as unit phrases."""
    return " AND ".join(
        "("
        + " OR ".join(
            _fts_alternative(a, title_only, thorough) for a in clause[:MAX_ALTERNATIVES]
        )
        + ")"
        for clause in query.clauses
    )


def _ts_alternative(alt: Alternative, title_only: bool, thorough: bool) -> str:
    # Title-only expressions run against the title's own tsvector (index_store). The
    # last character of a phrase needs no prefix: each character is also a lexeme.
    tokens = [] if alt.word_only and not thorough else phrase_tokens(alt.text)[0]
    parts = []
    if not alt.is_phrase and alt.text.isalnum():
        parts.append(f"'{alt.text}'")
    if len(tokens) == 1:
        # One pair or character means "the text holds it", as a word or a unit alike;
        # a weight label would make PostgreSQL recheck every candidate's tsvector.
        parts.append(f"'{tokens[0]}'")
    elif tokens:
        # A phrase is rechecked anyway; the label keeps it to the units' positions.
        label = ":C" if title_only else ":CD"
        parts.append("(" + " <-> ".join(f"'{t}'{label}" for t in tokens) + ")")
    return "(" + " | ".join(dict.fromkeys(parts)) + ")"


def to_tsquery(
    query: ParsedQuery, *, title_only: bool = False, thorough: bool = True
) -> str:
    """A to_tsquery('simple', ...) expression; `thorough` as in to_fts5."""
    return " & ".join(
        "("
        + " | ".join(
            _ts_alternative(a, title_only, thorough) for a in clause[:MAX_ALTERNATIVES]
        )
        + ")"
        for clause in query.clauses
    )
