"""The 互动交流 figures of 《政府网站工作年度报表》 for one year, from plain facts (no ORM,
no clock): the hard tests go here.

Our reading of the form's 互动交流 block (its exact column list is not in the reference
digest): 留言办理 — 收到留言数量 (letters received in the year), 办结留言数量 (of those, the
answered ones), 平均办理时间 (calendar days from receipt to reply over the answered
ones, one decimal), 公开答复数量 (answered and published); 征集调查 — 征集调查期数
(solicitations opened in the year), 收到意见数量, 公布调查结果期数."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class LetterFacts:
    kind_label: str
    received_on: date
    replied_on: date | None
    is_published: bool


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
    average_reply_days: Decimal | None = None
    by_channel: dict[str, list[int]] = field(default_factory=dict)
    solicitations: int = 0
    opinions: int = 0
    results_published: int = 0

    def rows(self) -> list[tuple[str, str]]:
        """(项目, 数值) in the order of the report form."""
        average = (
            "—" if self.average_reply_days is None else str(self.average_reply_days)
        )
        rows = [
            ("收到留言数量（条）", str(self.received)),
            ("办结留言数量（条）", str(self.answered)),
            ("平均办理时间（天）", average),
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
            figures.published += letter.is_published
    if days:
        figures.average_reply_days = (Decimal(sum(days)) / len(days)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    for solicitation in solicitations:
        if solicitation.starts_on.year == year:
            figures.solicitations += 1
            figures.opinions += solicitation.opinions
            figures.results_published += solicitation.summary_published
    return figures
