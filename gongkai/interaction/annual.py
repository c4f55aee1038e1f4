"""The 互动交流 figures of 《政府网站工作年度报表》 for one year, from plain facts (no ORM,
no clock): the hard tests go here.

Our reading of the form's 互动交流 block (its exact column list is not in the reference
digest): 留言办理 — 收到留言数量 (letters received in the year), 办结留言数量 (of those, the
answered ones), 平均办理时间 twice — in calendar days (自然日: reply date minus receipt
date) and in working days (工作日: the working days after the receipt day up to and
including the reply day, from the workday engine, so holidays and 调休 count right),
each averaged over the answered ones, one decimal, half up — 公开答复数量 (answered and published); 征集调查 — 征集调查期数
(solicitations opened in the year), 收到意见数量, 公布调查结果期数."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CALENDAR_DAYS_LABEL = "平均办理时间（自然日，天）"
WORKING_DAYS_LABEL = "平均办理时间（工作日，天）"


def _or_dash(value: Decimal | None) -> str:
    return "—" if value is None else str(value)


def average_half_up(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class LetterFacts:
    kind_label: str
    received_on: date
    replied_on: date | None
    is_published: bool
    # Working days receipt → reply (workdays engine), None when not answered or the
    # calendar has no data for a year in between.
    reply_working_days: int | None = None


@dataclass(frozen=True)
class SolicitationFacts:
    starts_on: date
    opinions: int
    summary_published: bool


@dataclass
class AnnualFigures:
    year: int
    received: int = 0
    answered: int = 0
    published: int = 0
    average_reply_days: Decimal | None = None  # calendar days (自然日)
    average_reply_working_days: Decimal | None = None  # working days (工作日)
    # Answered letters whose working days could not be counted (calendar data missing
    # for a year): left out of the working-day average, and said so on the page.
    working_days_unknown: int = 0
    by_channel: dict[str, list[int]] = field(default_factory=dict)
    solicitations: int = 0
    opinions: int = 0
    results_published: int = 0

    def rows(self) -> list[tuple[str, str]]:
        """(项目, 数值) in the order of the report form."""
        rows = [
            ("收到留言数量（条）", str(self.received)),
            ("办结留言数量（条）", str(self.answered)),
            (CALENDAR_DAYS_LABEL, _or_dash(self.average_reply_days)),
            (WORKING_DAYS_LABEL, _or_dash(self.average_reply_working_days)),
            ("公开答复数量（条）", str(self.published)),
        ]
        for label, (received, answered) in self.by_channel.items():
            rows.append((f"其中：{label} 收到/办结（条）", f"{received}/{answered}"))
        rows += [
            ("征集调查期数（期）", str(self.solicitations)),
            ("收到意见数量（条）", str(self.opinions)),
            ("公布调查结果期数（期）", str(self.results_published)),
        ]
        return rows


def annual_figures(
    year: int, letters: list[LetterFacts], solicitations: list[SolicitationFacts]
) -> AnnualFigures:
    figures = AnnualFigures(year=year)
    days: list[int] = []
    working_days: list[int] = []
    for letter in letters:
        if letter.received_on.year != year:
            continue
        figures.received += 1
        counts = figures.by_channel.setdefault(letter.kind_label, [0, 0])
        counts[0] += 1
        if letter.replied_on is not None:
            figures.answered += 1
            counts[1] += 1
            days.append((letter.replied_on - letter.received_on).days)
            if letter.reply_working_days is None:
                figures.working_days_unknown += 1
            else:
                working_days.append(letter.reply_working_days)
            figures.published += letter.is_published
    figures.average_reply_days = average_half_up(days)
    figures.average_reply_working_days = average_half_up(working_days)
    for solicitation in solicitations:
        if solicitation.starts_on.year == year:
            figures.solicitations += 1
            figures.opinions += solicitation.opinions
            figures.results_published += solicitation.summary_published
    return figures
