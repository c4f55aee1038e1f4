"""Query understanding: from typed text to the expressions the index runs.

Reads the analysis caches (dictionary, synonyms, vocabulary); no other ORM.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import analysis, lm_store, result_cache
from .corrections import correct as correct_text
from .corrections import span_lookups, unknown_spans, windows
from .normalisation import document_number_key, normalise
from .pinyin import MAX_KEY as MAX_PINYIN_LETTERS
from .pinyin import looks_like_pinyin, one_letter_off, split_pinyin, substrings
from .query_parsing import Alternative, ParsedQuery, parse_query, to_fts5, to_tsquery

MAX_QUERY_CHARS = 200
# A 索引号 as stored, in any format the importer accepted (looked up exactly,
# case-insensitively, see selectors._direct_document): letters, digits, separators.
INDEX_NUMBER = re.compile(r"^(?=(?:\D*\d){4})[0-9a-z][0-9a-z/\-_.]{5,63}$")
DOCUMENT_NUMBER = re.compile(r"^\S{1,20}〔\d{4}〕\d{1,5}号$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass
class Understood:
    """What a query means: one or more parsed readings, OR-ed together."""

    text: str  # normalised, truncated
    readings: list[ParsedQuery] = field(default_factory=list)
    expanded_terms: list[str] = field(default_factory=list)
    index_number: str = ""
    document_number_key: str = ""
    truncated: bool = False
    # False: indexed words match as words only (fast); True: also as unit phrases.
    thorough: bool = False

    @property
    def is_empty(self) -> bool:
        return all(r.is_empty for r in self.readings)

    @property
    def several_words(self) -> bool:
        """Whether a reading ANDs two or more clauses."""
        return any(len(r.clauses) > 1 for r in self.readings)

    def highlight_terms(self) -> list[str]:
        return [t for r in self.readings for t in r.terms()]

    def expression(self, *, postgres: bool, title_only: bool = False) -> str:
        compile_ = to_tsquery if postgres else to_fts5
        parts = [
            compile_(r, title_only=title_only, thorough=self.thorough)
            for r in self.readings
            if not r.is_empty
        ]
        joiner = " | " if postgres else " OR "
        return joiner.join(f"({p})" for p in parts)

    def scoring_expression(
        self, common: Callable[[str], bool], *, title_only: bool = False
    ) -> str:
        """FTS5 only: `expression` without the clauses that `common` finds in most
        documents (given each clause's own expression), unless a reading has no other
        clause. See index_backends.sqlite.SQLiteIndex.scoring_expression."""
        parts = []
        for reading in (r for r in self.readings if not r.is_empty):
            clauses = [
                to_fts5(ParsedQuery([c]), title_only=title_only, thorough=self.thorough)
                for c in reading.clauses
            ]
            kept = (
                [c for c in clauses if not common(c)] if len(clauses) > 1 else clauses
            )
            parts.append(" AND ".join(kept or clauses))
        return " OR ".join(f"({p})" for p in parts)


def understand(raw: str) -> Understood:
    text = normalise(raw)
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    result = Understood(text=text, truncated=truncated)
    compact = text.replace(" ", "")
    if INDEX_NUMBER.match(compact):
        result.index_number = compact
    key = document_number_key(raw.strip())
    if DOCUMENT_NUMBER.match(normalise(key)):
        result.document_number_key = key
    reading = parse_query(text, analysis.get_segmenter())
    _expand_synonyms(reading, result)
    result.readings.append(reading)
    if looks_like_pinyin(text):
        pinyin_reading = _pinyin_reading(text)
        if pinyin_reading is not None:
            _expand_synonyms(pinyin_reading, result)
            result.readings.append(pinyin_reading)
            result.expanded_terms.extend(pinyin_reading.terms())
    mark_indexed_words(result.readings)
    return result


def mark_indexed_words(readings: list[ParsedQuery]) -> None:
    """Flag the words the index holds as tokens: they match as words alone.

    A word of the vocabulary was emitted by the segmenter in some document, and jieba
    cuts a word the same way in nearly every context, so the unit phrase adds little
    recall but costs a phrase match over the posting lists of common characters. A
    query that finds nothing this way is re-run thoroughly (see selectors).
    """
    alternatives = [
        alt
        for r in readings
        for clause in r.clauses
        for alt in clause
        if not alt.is_phrase
    ]
    indexed = analysis.indexed_words(alt.text for alt in alternatives)
    for clause in (c for r in readings for c in r.clauses):
        # A quoted phrase stays a unit phrase: it must match exactly, even when its text is a word.
        clause[:] = [
            Alternative(
                a.text, a.is_phrase, word_only=not a.is_phrase and a.text in indexed
            )
            for a in clause
        ]


def _expand_synonyms(reading: ParsedQuery, result: Understood) -> None:
    synonyms = analysis.get_synonyms()
    for clause in reading.clauses:
        for alt in list(clause):
            if alt.is_phrase:
                continue
            for other in synonyms.expand(alt.text):
                clause.append(Alternative(other))
                result.expanded_terms.append(other)


def _pinyin_reading(text: str) -> ParsedQuery | None:
    """Chinese terms for a pinyin query: whole (exact, then one letter off), then split."""
    compact = text.replace(" ", "").replace("'", "")
    if len(compact) > 2 * MAX_PINYIN_LETTERS:
        return None
    terms: list[str] | None = None
    whole = analysis.all_words_for_pinyin(compact)
    if whole:
        # Every word read so, OR-ed in one clause (xiyan → 吸烟 | 西演), most frequent first.
        return ParsedQuery([[Alternative(word) for word in whole]])
    # Initials (gjj → 公积金), then the last syllable cut short (zhengfuxinxig →
    # 政府信息公开): every index word so typed, OR-ed, capped (see pinyin.py).
    # Then whole syllables mixed with initials (zhfxxgk, zhengfuxxgk → 政府信息公开).
    shortened = (
        analysis.words_for_initials(compact)
        or analysis.words_for_pinyin_prefix(compact)
        or analysis.words_for_mixed_pinyin(compact)
    )
    if shortened:
        return ParsedQuery([[Alternative(word) for word in shortened]])
    if len(compact) >= 6:
        near = analysis.words_for_pinyin(one_letter_off(compact))
        if near:
            frequencies = analysis.known_frequencies(near.values())
            terms = [max(near.values(), key=lambda w: (frequencies.get(w, 0), w))]
    if terms is None:
        terms = split_pinyin(text, analysis.words_for_pinyin(substrings(text)))
    if not terms:
        return None
    return ParsedQuery([[Alternative(term)] for term in terms])


def correct(text: str) -> str:
    """The query with its unknown spans corrected, or "" (see corrections.py).

    Kept per text with the search answers (result_cache: until the index or the
    stored model changes): the check runs on every Chinese query that finds results
    (the suggestion link) and on every query that finds none, whatever the page, sort
    or filters asked."""
    return result_cache.cached_value("correction", text, lambda: _correct(text))


def _log_ratio(typed: str, fixed: str) -> float:
    """The stored model's say (lm_store.py); no model stored yet: no correction."""
    model = lm_store.get_model()
    return float("-inf") if model is None else model.log_ratio(typed, fixed)


def _correct(text: str) -> str:
    segmenter = analysis.get_segmenter()
    tokens = [t for run in _HAN_RUN.findall(text) for t in segmenter.query_words(run)]
    # Every token and joined run of single characters is a window: one lookup for all.
    vocabulary = analysis.known_frequencies(
        {w for run in _HAN_RUN.findall(text) for w in windows(run)}
    )

    def is_known(word: str) -> bool:
        return (
            word in vocabulary
            or segmenter.has_word(word)
            or bool(analysis.known_frequencies([word]))
        )

    spans = [span for span, _ in unknown_spans(tokens, is_known)]
    if not spans:
        return ""
    span_windows, keys = span_lookups(spans)
    near = analysis.neighbours(keys)
    frequencies = analysis.known_frequencies(
        [*span_windows, *(w for words in near.values() for w in words)]
    )
    return correct_text(
        text,
        tokens=tokens,
        is_known=is_known,
        frequencies=frequencies,
        neighbours=near,
        # Asked for only when a candidate exists: most unknown spans have none. The
        # model is loaded, never built, here (lm_store.py).
        log_ratio=_log_ratio,
        # General language's say (jieba's word frequencies): see corrections.py.
        general_log_ratio=segmenter.general_log_ratio,
    )


def understand_correction(typed: str, corrected: str) -> Understood:
    """The corrected query, each corrected word OR-ed with what was typed in its
    place (政府 | 正府): a wrong correction cannot hide a page that holds the typed
    word. `typed` is the understood text the correction was made from (a correction
    replaces characters one for one, so places line up)."""
    result = understand(corrected)
    if len(typed) != len(corrected) or not result.readings:
        return result
    position = 0
    for clause in result.readings[0].clauses:
        first = clause[0]
        at = corrected.find(first.text, position)
        if first.is_phrase or at < 0:
            continue
        position = at + len(first.text)
        was = typed[at:position]
        if was != first.text and all(a.text != was for a in clause):
            clause.append(Alternative(was))
    return result


def reading_alternatives(raw: str) -> list[ParsedQuery]:
    """Readings for a backend that cannot retry (the Wagtail admin backend): as typed
    with synonyms, its pinyin reading, and its correction when it has an unknown word."""
    understood = understand(raw)
    readings = [r for r in understood.readings if not r.is_empty]
    segmenter = analysis.get_segmenter()
    terms = [
        w for w in understood.readings[0].terms() if len(w) > 1 and not w.isascii()
    ]
    known = analysis.known_frequencies(terms)
    unknown = [w for w in terms if w not in known and not segmenter.has_word(w)]
    if unknown:
        corrected = correct(understood.text)
        if corrected:
            readings.extend(
                r for r in understand(corrected).readings[:1] if not r.is_empty
            )
    return readings
