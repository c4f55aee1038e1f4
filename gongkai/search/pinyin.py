"""Pinyin keys of Chinese terms and the splitting of a typed pinyin query into terms.

Pure: no ORM. Tones are dropped and ü is written u (people type `zhanlue` for 战略,
pypinyin writes `lve`), so a key is plain a-z.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_PINYIN_QUERY = re.compile(r"^[a-z' ]+$")
MAX_KEY = 40  # letters; longer runs are never a term's pinyin


def pinyin_key(word: str) -> str:
    """The toneless pinyin of a word, syllables joined: 八八战略 → babazhanlue."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(word, errors="ignore")
    return "".join(syllables).replace("ü", "u").replace("v", "u")


def looks_like_pinyin(text: str) -> bool:
    """Only Latin letters, spaces and apostrophes (xi'an): a candidate pinyin query."""
    return bool(_PINYIN_QUERY.match(text)) and any(c.isalpha() for c in text)


def substrings(text: str) -> set[str]:
    """Every run of 1..MAX_KEY letters of each part: the keys split_pinyin may ask for."""
    out = set()
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
