"""Pinyin keys of Chinese terms and the splitting of a typed pinyin query into terms.

Pure: no ORM. Tones are dropped and ü is written u (people type `zhanlue` for 战略,
pypinyin writes `lve`), so a key is plain a-z.

Besides the whole key, a word is found by two shorter forms people type (issue #14):
- its initials, one letter a syllable (政府信息公开 → zfxxgk, 公积金 → gjj), accepted
  only for MIN_INITIALS letters or more and only as the initials of a word the index
  holds (never expanded letter by letter into characters);
- a prefix of its key that stops inside a syllable (zhengfuxinxig → 政府信息公开:
  the last syllable not typed out), of MIN_PREFIX letters or more.
Both are ambiguous, so the words found are capped (see `rank_readings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_PINYIN_QUERY = re.compile(r"^[a-z' ]+$")
MAX_KEY = 40  # letters; longer runs are never a term's pinyin
# Two initials (zf, gj) name hundreds of words and match any short pinyin typed by
# mistake; from three on, the initials of a word the index holds are a fair guess.
MIN_INITIALS = 3
MAX_INITIALS = (
    8  # the longest word the vocabulary keeps (indexing.VOCABULARY_WORD_LENGTHS)
)
# A prefix shorter than two syllables (zhe, gon) matches a large part of the
# vocabulary: too little of the word typed to say which one was meant.
MIN_PREFIX = 5
_VOWELS = frozenset("aeiouv")


def pinyin_key(word: str) -> str:
    """The toneless pinyin of a word, syllables joined: 八八战略 → babazhanlue."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(word, errors="ignore")
    return "".join(syllables).replace("ü", "u").replace("v", "u")


def initials_key(word: str) -> str:
    """The first letter of each syllable of a word: 政府信息公开 → zfxxgk.

    One letter a syllable (zh is z): people type zfxxgk, rarely zhfxxgk."""
    from pypinyin import lazy_pinyin

    return "".join(
        syllable[0]
        for syllable in lazy_pinyin(word, errors="ignore")
        if syllable and syllable[0].isascii()
    ).replace("v", "u")


def could_be_initials(compact: str) -> bool:
    """Whether letters typed without spaces may be a word's initials (see MIN_INITIALS)."""
    return (
        compact.isascii()
        and compact.isalpha()
        and (MIN_INITIALS <= len(compact) <= MAX_INITIALS)
    )


def could_be_prefix(compact: str) -> bool:
    """Whether letters may be a word's key with its last syllable cut short: long
    enough (MIN_PREFIX) and holding a vowel (a run of consonants is no syllable)."""
    return (
        compact.isascii()
        and compact.isalpha()
        and MIN_PREFIX <= len(compact) <= MAX_KEY
        and bool(_VOWELS & set(compact))
    )


def prefix_range(prefix: str) -> tuple[str, str | None]:
    """[low, high) of the keys starting with `prefix` (plain a-z), for an indexed range
    query: high is the prefix with its last letter not "z" moved one on (zhengg →
    zhengh, abz → ac), which sorts after every key with the prefix on any collation
    that orders a-z alphabetically (a LIKE 'x%' would need a pattern-ops index on
    PostgreSQL under a non-C collation). None: no upper bound (zzz)."""
    stem = prefix.rstrip("z")
    if not stem:
        return prefix, None
    return prefix, stem[:-1] + chr(ord(stem[-1]) + 1)


def rank_readings(
    rows: Iterable[tuple[str, int]], *, limit: int, exclude: str = ""
) -> list[str]:
    """Distinct words by frequency in the index (then by the word), the first `limit`.

    The cap keeps an ambiguous key (gjj: 公积金, 国家级, 高精尖 ...) from OR-ing
    dozens of words into one query: each costs a posting-list read, and the rare ones
    are seldom what was meant."""
    best: dict[str, int] = {}
    for word, frequency in rows:
        if word != exclude:
            best[word] = max(best.get(word, 0), frequency)
    return sorted(best, key=lambda w: (-best[w], w))[:limit]


def looks_like_pinyin(text: str) -> bool:
    """Only Latin letters, spaces and apostrophes (xi'an): a candidate pinyin query."""
    return bool(_PINYIN_QUERY.match(text)) and any(c.isalpha() for c in text)


def substrings(text: str) -> set[str]:
    """Every run of 1..MAX_KEY letters of each part: the keys split_pinyin may ask for."""
    out: set[str] = set()
    for part in text.replace("'", "").split():
        part = part.replace("v", "u")
        out.update(
            part[i:j]
            for i in range(len(part))
            for j in range(i + 1, min(len(part), i + MAX_KEY) + 1)
        )
    return out


def one_letter_off(key: str) -> set[str]:
    """Keys one substituted letter away (bada → baba): typing slips in pinyin."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return {key[:i] + c + key[i + 1 :] for i in range(len(key)) for c in letters} - {
        key
    }


def split_pinyin(text: str, known: Mapping[str, str]) -> list[str] | None:
    """Chinese terms whose pinyin keys, concatenated, spell each space-separated part.

    `known` maps a pinyin key to its best term. Each part is first tried whole (a
    multi-syllable term typed without spaces), then split into the fewest known keys.
    Returns None when some part cannot be spelled by known terms.
    """
    terms: list[str] = []
    for part in text.replace("'", "").split():
        split = _fewest_keys(part.replace("v", "u"), known)
        if split is None:
            return None
        terms.extend(split)
    return terms or None


def _fewest_keys(letters: str, known: Mapping[str, str]) -> list[str] | None:
    # best[i]: the shortest list of terms spelling letters[:i]
    best: list[list[str] | None] = [None] * (len(letters) + 1)
    best[0] = []
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - MAX_KEY), end):
            prefix = best[start]
            term = known.get(letters[start:end])
            if prefix is None or term is None:
                continue
            if best[end] is None or len(prefix) + 1 < len(best[end]):  # type: ignore[arg-type]  # checked above
                best[end] = [*prefix, term]
    return best[len(letters)]
