"""严重错别字: wrong forms of protected political terms and leaders' names.

Pure rule. Precision over recall: only whole wrong forms listed here are flagged, each
a confusion (同音/形近/漏字) of a protected term, and each checked not to occur in the
State Council work reports 1954-2025 (tests/fixtures hold a sample; bench/ reads them all).
Sources of the protected terms: 《中华人民共和国宪法》 (names of the state and its organs),
《中国共产党章程》 (party names, 总书记), the work reports themselves (leaders' names and titles).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# protected term -> wrong forms seen or plausible in typing (pinyin IME homophones,
# similar shapes, dropped characters). Extend with care: every entry must stay at
# 0 hits on correct text (test_spelling runs the corpus sample).
PROTECTED_TERMS: dict[str, tuple[str, ...]] = {
    "中华人民共和国": (
        "中华人民共合国",
        "中华人名共和国",
        "中化人民共和国",
        "中华人民公和国",
        "中华人民共和囯",
    ),
    "中国共产党": ("中国共产档", "中国公产党", "中国共产堂", "中国共铲党"),
    "习近平": ("习近乎", "习进平", "习近萍", "刁近平", "习金平", "习今平"),
    "总书记": ("总书纪", "总书计", "总书迹"),
    "李强": ("李墙总理", "李蔷总理"),
    "国务院": ("国务完", "国物院", "国务苑"),
    "全国人民代表大会": ("全国人名代表大会", "全国人民代表大回", "全国人民代表打会"),
    "中国人民政治协商会议": ("政治协商会义", "政治协商汇议", "政治胁商会议"),
    "马克思主义": ("马克斯主义", "马克思注义"),
    "社会主义": ("社会注义", "社汇主义"),
    "毛泽东": ("毛择东", "毛泽冬", "毛泽栋"),
    "邓小平": ("邓小萍",),
    "中央委员会": ("中央委园会", "中央委员汇"),
    "人民代表大会": ("人民代表大回", "人民代表打会"),
    "中国特色社会主义": ("中国特色社会注义", "中国特设社会主义"),
}

# 漏字 in a document title: "关于的决议" (关于 then 的 straight away) is never correct.
MISSING_WORD = re.compile(
    r"关于的(?:决议|决定|通知|意见|批复|报告|公告|通告|办法|规定)"
)


@dataclass(frozen=True)
class Misspelling:
    wrong: str
    correct: str
    offset: int
    severe: bool  # a protected term (单项否决) rather than a suspected 漏字
    context: str


class Checker:
    """The protected terms as one compiled alternation: the national list, plus an
    organisation's own terms (models.ProtectedTerm) when given. Build one per organisation
    per run, not per page: compiling is the costly part."""

    def __init__(self, extra: Mapping[str, Iterable[str]] | None = None) -> None:
        self.correct_of = {
            wrong: correct
            for correct, wrongs in PROTECTED_TERMS.items()
            for wrong in wrongs
        }
        for correct, wrongs in (extra or {}).items():
            for wrong in wrongs:
                self.correct_of.setdefault(wrong, correct)  # the national entry wins
        # Longest first, so the longer wrong form wins where two overlap.
        self.pattern = re.compile(
            "|".join(
                re.escape(wrong)
                for wrong in sorted(self.correct_of, key=len, reverse=True)
            )
        )


NATIONAL = Checker()


def _context(text: str, start: int, end: int, width: int = 12) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ")


def find_misspellings(text: str, checker: Checker | None = None) -> list[Misspelling]:
    checker = checker or NATIONAL
    found = [
        Misspelling(
            m.group(),
            checker.correct_of[m.group()],
            m.start(),
            True,
            _context(text, m.start(), m.end()),
        )
        for m in checker.pattern.finditer(text)
    ]
    found += [
        Misspelling(
            m.group(),
            "关于××的" + m.group()[3:],
            m.start(),
            False,
            _context(text, m.start(), m.end()),
        )
        for m in MISSING_WORD.finditer(text)
    ]
    return sorted(found, key=lambda each: each.offset)
