"""Deterministic planning of demo items: the item spec and the planner's random helpers.

Pure module: no ORM and no clock. Everything random comes from one random.Random with a
fixed seed, so the same plan comes out on every machine and every run.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Asia/Shanghai")
PLAN_SEED = 20230807  # the seed page's day
FIRST_YEAR = 2019
LAST_YEAR = 2025
LAST_MONTH_OF_LAST_YEAR = 11
ARTICLE = "article"
INTERPRETATION = "interpretation"


@dataclass(frozen=True)
class ItemSpec:
    """One planned demo item; organisations and columns are referred to by key and path."""

    number: int
    slug: str
    column: str  # slug path below the home page, e.g. "xwdt/jdyw"
    title: str
    publisher: str  # organisation key, see organisations.ORGANISATIONS
    published_at: datetime
    kind: str = ARTICLE
    source: str = ""
    genre: str = ""
    topic: tuple[str, str] | None = None  # (一级, 二级) 主题分类
    document_number: str = ""
    written_on: date | None = None
    validity: str = ""
    keywords: str = ""
    lead: tuple[str, ...] = ()  # paragraphs written for the item
    corpus_ids: tuple[int, ...] = ()  # paragraphs taken from the corpus
    closing: tuple[str, ...] = ()
    interpretation_kind: str = ""
    interprets: str = ""  # slug of the interpreted item


@dataclass
class Planner:
    """Random choices and uniqueness bookkeeping shared by the item families."""

    corpus: Sequence[str]
    # Demo content, not secrets: a seeded generator is the point (S311).
    rng: random.Random = field(default_factory=lambda: random.Random(PLAN_SEED))  # noqa: S311
    number: int = 0
    titles: set[str] = field(default_factory=set)
    claimed: set[Any] = field(default_factory=set)
    documents: list[ItemSpec] = field(default_factory=list)
    interpreted: set[str] = field(default_factory=set)
    _matches: dict[tuple[str, ...], list[int]] = field(default_factory=dict)

    def choice(self, options: Sequence[Any]) -> Any:
        return options[self.rng.randrange(len(options))]

    def year(self, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> int:
        return self.rng.randint(max(first, FIRST_YEAR), min(last, LAST_YEAR))

    def moment(self, year: int, months: tuple[int, int] = (1, 12)) -> datetime:
        """A working-hours moment on a weekday of `year`, within the month range."""
        last_month = LAST_MONTH_OF_LAST_YEAR if year == LAST_YEAR else 12
        month = self.rng.randint(months[0], min(months[1], last_month))
        day = self.rng.randint(1, 28)
        minute = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return next_workday(
            datetime(year, month, day, minute // 60, minute % 60, tzinfo=TIME_ZONE)
        )

    def claim(self, key: Any) -> bool:
        """Reserve `key` (a title part, a document number ...); False if already taken."""
        if key in self.claimed:
            return False
        self.claimed.add(key)
        return True

    def document_number(self, prefix: str, year: int) -> str:
        """A 发文字号 such as 金东政发〔2023〕12号, never issued twice."""
        while True:
            serial = self.rng.randint(1, 80)
            if self.claim(("document_number", prefix, year, serial)):
                return f"{prefix}〔{year}〕{serial}号"

    def paragraphs(
        self, keywords: Sequence[str] = (), low: int = 3, high: int = 6
    ) -> tuple[int, ...]:
        """Corpus paragraph ids, preferring paragraphs that mention one of `keywords`."""
        count = self.rng.randint(low, high)
        pool = self._matching(tuple(keywords))
        if len(pool) < count + 2:
            pool = list(range(len(self.corpus)))
        return tuple(sorted(self.rng.sample(pool, count)))

    def _matching(self, keywords: tuple[str, ...]) -> list[int]:
        if keywords not in self._matches:
            self._matches[keywords] = [
                i
                for i, text in enumerate(self.corpus)
                if any(k in text for k in keywords)
            ]
        return self._matches[keywords]

    def spec(self, **fields: Any) -> ItemSpec:
        return ItemSpec(number=self.number, slug=f"item-{self.number:04d}", **fields)

    def accept(self, spec: ItemSpec) -> None:
        self.titles.add(spec.title)
        if spec.validity:  # only 规范性文件 carry a validity; they get interpretations
            self.documents.append(spec)
        if spec.interprets:
            self.interpreted.add(spec.interprets)


def next_workday(moment: datetime) -> datetime:
    """`moment`, or the Monday after it when it falls on a weekend (sites publish on workdays)."""
    days = 7 - moment.weekday() if moment.weekday() >= 5 else 0
    return moment + timedelta(days=days)


def chinese_date(day: date) -> str:
    """2023年8月7日: the date form of a document's signature."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日"
