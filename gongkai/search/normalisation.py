"""Text normalisation for search: full-width to half-width, traditional to simplified, case.

Pure: no ORM, no clock. The same function runs on indexed text and on queries, so both
sides meet in one form.
"""

from __future__ import annotations

import functools
import re

# Brackets a document number (文号) is typed with; the canonical form uses 〔〕.
_DOC_NUMBER_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "(": "〔",
        ")": "〕",
        "【": "〔",
        "】": "〕",
        "［": "〔",
        "］": "〕",
        "（": "〔",
        "）": "〕",
        "｛": "〔",
        "｝": "〕",
        "{": "〔",
        "}": "〕",
        "〖": "〔",
        "〗": "〕",
    }
)
_SPACES = re.compile(r"\s+")


@functools.cache
def _t2s():  # type: ignore[no-untyped-def]  # opencc has no type hints
    import opencc

    return opencc.OpenCC("t2s")


_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@functools.cache
def _variants() -> dict[str, str]:
    """Variant characters (覚 for 觉, 衞 for 卫) → the standard simplified character,
    built once (~0.3 s) from OpenCC's own variant tables (jp2t: the 新字体 forms that
    old and OCR-ed Chinese text also shows; hk2t and tw2t: regional variants), each
    followed by t2s. Taken from OpenCC rather than written here: the project already
    depends on it, and its tables are maintained.

    Only a character outside GB2312 (the standard set of simplified Chinese) that
    becomes one inside it is folded: jp2t also maps characters that are right in
    simplified Chinese (芸 → 藝, 欠 → 缺, 予 → 豫), and those must stay. OpenCC has
    no table for other variants (淸 for 清 stays as typed)."""
    import opencc

    characters = [chr(c) for low, high in _HAN_RANGES for c in range(low, high + 1)]
    joined = "\n".join(characters)
    simplified = _t2s().convert(joined).split("\n")
    folded: dict[str, str] = {}
    for config in ("jp2t", "hk2t", "tw2t"):
        variant = _t2s().convert(opencc.OpenCC(config).convert(joined)).split("\n")
        for c, s, v in zip(characters, simplified, variant, strict=True):
            if v != s and len(v) == 1 and not _in_gb2312(c) and _in_gb2312(v):
                folded.setdefault(c, v)
    return folded


@functools.cache
def _variant_pattern() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(_variants())) + "]")


_HALF_WIDTH = {
    0x3000: " ",
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
}
# Control characters become spaces; surrogates and private-use characters are dropped.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_UNUSABLE = re.compile(r"[\ud800-\udfff\ue000-\uf8ff]")


_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")


def to_half_width(text: str) -> str:
    """Full-width ASCII forms (ＡＢＣ１２３, the ideographic space) become half-width."""
    # str.translate with a dict looks up every character (5 ms for 2,800 characters);
    # most text holds none of these, which one regex scan finds out.
    return _FULL_WIDTH.sub(lambda m: _HALF_WIDTH[ord(m.group())], text)


@functools.cache
def _traditional() -> re.Pattern[str]:
    """Full-width letters and digits, the characters OpenCC t2s changes on their
    own and the variant characters `_variants` folds (built once, ~0.3 s)."""
    characters = [chr(c) for low, high in _HAN_RANGES for c in range(low, high + 1)]
    converted = _t2s().convert("\n".join(characters)).split("\n")
    changed = {c for c, s in zip(characters, converted, strict=False) if c != s}
    changed.update(_variants())
    return re.compile(
        "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
        + re.escape("".join(sorted(changed)))
        + "]"
    )


def may_change(text: str) -> bool:
    """Whether `normalise` may change a letter, digit or Han character of `text`
    beyond case: it holds a full-width letter or digit or a character OpenCC t2s
    converts (full-width punctuation, in nearly every Chinese text, does not count:
    no search term holds punctuation). For display-side work only (highlighting): a
    phrase OpenCC converts as a whole though none of its characters converts alone
    is not seen."""
    return _traditional().search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional characters become simplified ones (OpenCC t2s), and variant
    characters the standard ones (see `_variants`: 覚悟 → 觉悟)."""
    if not text:
        return text
    text = str(_t2s().convert(text))
    variants = _variants()
    return _variant_pattern().sub(lambda m: variants[m.group()], text)


def normalise(text: str) -> str:
    """The search form of any text: half-width, simplified, lower case, single spaces.

    Control characters and unpaired surrogates are dropped so that no input can reach a
    database driver in a form it rejects.
    """
    text = _CONTROL.sub(" ", _UNUSABLE.sub("", text))
    text = to_simplified(to_half_width(text)).lower()
    return _SPACES.sub(" ", text).strip()


# 镇政发20247号: an agency prefix, then the year and the serial run together.
_BARE_DOC_NUMBER = re.compile(r"^(.*[^\d〔〕])((?:19|20)\d{2})(\d{1,5})号$")
_ORDINAL_SERIAL = re.compile(r"〕第(\d{1,5})号$")


def document_number_key(text: str) -> str:
    """A document number (文号) in one canonical form: 〔〕 brackets, no spaces, no 第
    before the serial; typed without brackets (镇政发20247号) the four digits after
    the prefix are read as the year (镇政发〔2024〕7号)."""
    text = to_half_width(text).translate(_DOC_NUMBER_BRACKETS)
    # to_half_width turned （） into (), which the table maps to 〔〕 as well.
    text = _SPACES.sub("", text.translate(_DOC_NUMBER_BRACKETS))
    text = _ORDINAL_SERIAL.sub(r"〕\1号", text)
    if "〔" not in text:
        text = _BARE_DOC_NUMBER.sub(r"\1〔\2〕\3号", text)
    return text
