"""Chinese word segmentation for indexing and querying (rjieba, a Rust port of jieba).

Pure: no ORM. A `Segmenter` holds the jieba dictionary plus the user dictionary it was
built with; callers pass normalised text (see normalisation.normalise).

Index form of a text, two token streams:
- words: jieba's search mode (a long word and its dictionary sub-words, 全体会议 →
  全体 会议 全体会议), so whole words rank by BM25 like Western words do;
- units: each Han character alone, each run of Latin letters/digits as one unit. A
  phrase of units is an exact substring match, so any 1- or 2-character query, and
  any word jieba cut differently in the document, still matches.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

_WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD_ONLY = re.compile(r"^[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9a-z]+")
_UNIT_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
USER_WORD_FREQUENCY = 200_000  # high enough that jieba keeps a user term whole
# The sum of the frequencies of jieba's dictionary (its dict.txt, which rjieba embeds):
# the denominator of jieba's own word probabilities (checked: suggest_freq("的的") is
# int(f(的)² / GENERAL_TOTAL) + 1 = 1692).
GENERAL_TOTAL = 60_101_967
GENERAL_LONGEST = 6  # the longest dictionary word the general model looks for


def is_han(text: str) -> bool:
    return bool(_HAN.match(text))


def units(text: str) -> list[str]:
    """Han characters one by one, Latin/digit runs whole."""
    return _UNIT.findall(text)


def unit_tokens(text: str) -> list[str]:
    """The index's unit stream: the units (see `units`) with each Han character joined
    to the next one, across punctuation as the units ignore it, then the last character
    of a run alone (经济发展，好 → 经济 济发 发展 展好 好); a Latin/digit run is one token
    and ends a run. Every character thus begins a token at its own place, so a phrase
    is an exact run of tokens (see phrase_tokens). Pairs across punctuation keep a
    phrase typed with it ("改善，人") as selective as one without."""
    out: list[str] = []
    previous = ""
    for unit in units(text):
        if unit.isascii():
            if previous:
                out.append(previous)
            out.append(unit)
            previous = ""
            continue
        if previous:
            out.append(previous + unit)
        previous = unit
    if previous:
        out.append(previous)
    return out


def phrase_tokens(text: str) -> tuple[list[str], bool]:
    """The tokens an exact-substring match of `text` looks for, and whether the last
    one is a prefix. A phrase ending in a run of two or more characters ends with its
    last pair, which already holds the last character (the run's lone last character
    would add a list of most documents: measured 143 -> 99 ms for a phrase at 1,000,000
    items). A phrase ending in a one-character run ends with that character as a
    prefix: it may stand inside a longer run of the document (发 → 发展 or 发 alone)."""
    tokens = unit_tokens(text)
    if (
        len(tokens) >= 2
        and _is_lone_character(tokens[-1])
        and len(tokens[-2]) == 2
        and not tokens[-2].isascii()
    ):
        return tokens[:-1], False
    return tokens, bool(tokens) and _is_lone_character(tokens[-1])


def _is_lone_character(token: str) -> bool:
    return len(token) == 1 and not token.isascii()


def _clean(tokens: Iterable[str]) -> list[str]:
    # jieba keeps punctuation and mixed tokens (abc-12); keep only word characters.
    out: list[str] = []
    for token in tokens:
        if _WORD_ONLY.match(token):
            out.append(token)
        else:
            out.extend(_WORD.findall(token))
    return out


class Segmenter:
    """jieba segmentation with a user dictionary of government terms."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        self._frequencies: dict[str, int] = {}
        self.user_words = frozenset(w for w in user_words if w)
        for word in self.user_words:
            self._jieba.add_word(word, USER_WORD_FREQUENCY, "n")

    def index_words(self, text: str) -> list[str]:
        """Search-mode words of a normalised text, in order, with sub-words."""
        return _clean(self._jieba.cut_for_search(text)) if text else []

    def query_words(self, text: str) -> list[str]:
        """Precise-mode words of a normalised query: the words a reader meant."""
        return _clean(self._jieba.cut(text)) if text else []

    def has_word(self, word: str) -> bool:
        return bool(self._jieba.has_word(word))

    def _general_frequency(self, word: str) -> int:
        # suggest_freq of a dictionary word is its dictionary frequency + 1 (it reads,
        # never changes, the dictionary); 0 for a word the dictionary lacks. Kept per
        # segmenter, emptied when large (queries are unbounded).
        found = self._frequencies.get(word)
        if found is None:
            if len(self._frequencies) > 100_000:
                self._frequencies.clear()
            found = (
                int(self._jieba.suggest_freq(word)) if self._jieba.has_word(word) else 0
            )
            self._frequencies[word] = found
        return found

    def general_log_probability(self, text: str) -> float:
        """log P(text) under jieba's word unigram model (its dictionary frequencies, a
        general-language corpus, not the site's text): the likeliest segmentation, a
        character the dictionary lacks counted as a word of frequency 1. The same
        model jieba segments with, read here rather than re-implemented from dict.txt."""
        best = [0.0] + [-math.inf] * len(text)
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - GENERAL_LONGEST), end):
                count = self._general_frequency(text[start:end])
                if count == 0 and end - start > 1:
                    continue
                score = best[start] + math.log(max(count, 1) / GENERAL_TOTAL)
                best[end] = max(best[end], score)
        return best[-1]

    def general_log_ratio(self, typed: str, fixed: str) -> float:
        """log P(fixed) - log P(typed) under the general word model."""
        return self.general_log_probability(fixed) - self.general_log_probability(typed)
