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
from functools import lru_cache

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


# Initials people type for a syllable: zh/ch/sh whole or as z/c/s, any other consonant,
# or the vowel a zero-initial syllable starts with (an → a, er → e, ou → o).
_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw", "a", "e", "o")
MAX_MIXED_PARSES = 64  # readings of one typed string (zhengfuxxgk has a handful)


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless syllable of pypinyin's character table (ü as u): tone marks
    are combining marks after NFD, dropped (read from the table, not by converting
    20,000 characters, which takes seconds)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(
                c
                for c in unicodedata.normalize("NFD", reading)
                if not unicodedata.combining(c)
            )
            # Interjections without a vowel (hm, ng, hng) would eat initials.
            if plain.isascii() and plain.isalpha() and _VOWELS & set(plain):
                out.add(plain)
    return frozenset(out)


def mixed_patterns(compact: str) -> list[tuple[str, ...]]:
    """The ways letters typed without spaces may read as whole syllables mixed with
    initials (zhfxxgk: zh f x x g k; zhengfuxxgk: zheng fu x x g k), each a tuple of
    pieces, a piece a whole syllable or an initial; only readings with at least one
    initial and MIN_INITIALS pieces, at most MAX_INITIALS pieces (the longest
    vocabulary word), at most MAX_MIXED_PARSES of them."""
    if not (compact.isascii() and compact.isalpha()) or len(compact) > MAX_KEY:
        return []
    out: list[tuple[str, ...]] = []
    _walk(compact, 0, (), 0, out)
    return out


def _walk(
    compact: str,
    at: int,
    pieces: tuple[str, ...],
    initials: int,
    out: list[tuple[str, ...]],
) -> None:
    """Depth first over the readings of compact[at:] (see `mixed_patterns`)."""
    if len(out) >= MAX_MIXED_PARSES or len(pieces) > MAX_INITIALS:
        return
    if at == len(compact):
        if initials and len(pieces) >= MIN_INITIALS:
            out.append(pieces)
        return
    # After the first piece nothing starts with a vowel (zh|eng, g|o|ng): typed so
    # it would read as one syllable (zheng), and pinyin marks a break before a
    # vowel with an apostrophe (xi'an).
    if at and compact[at] in _VOWELS:
        return
    # A whole syllable of two letters or more; one letter is always an initial
    # (a, e, o included: "a" then stands for an, ai, ang ... as well).
    for end in range(min(len(compact), at + 6), at + 1, -1):
        if compact[at:end] in syllables():
            _walk(compact, end, (*pieces, compact[at:end]), initials, out)
    for initial in _INITIALS:
        if compact.startswith(initial, at):
            _walk(compact, at + len(initial), (*pieces, initial), initials + 1, out)


def pattern_initials(pattern: tuple[str, ...]) -> str:
    """The one-letter-a-syllable key of a reading (zh f x x g k → zfxxgk)."""
    return "".join(piece[0] for piece in pattern)


def fits_pattern(word_syllables: list[str], pattern: tuple[str, ...]) -> bool:
    """Whether a word read so fits a reading: a whole syllable equal, an initial
    starting its syllable (zh only before zh...; z also before zh..., as typed)."""
    return len(word_syllables) == len(pattern) and all(
        syllable == piece if _is_whole(piece) else syllable.startswith(piece)
        for syllable, piece in zip(word_syllables, pattern, strict=True)
    )


def _is_whole(piece: str) -> bool:
    return len(piece) > 1 and piece not in ("zh", "ch", "sh") and piece in syllables()


def word_syllables(word: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [
        s.replace("ü", "u").replace("v", "u")
        for s in lazy_pinyin(word, errors="ignore")
    ]
