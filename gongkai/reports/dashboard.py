"""The dashboard's reads (applications per month, results by group, the year's
新收/办结/结转) and the geometry of its bar charts. Nothing here changes data."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from gongkai.applications.enums import ResultGroup, ResultType
from gongkai.applications.models import Application

MONTH_LABELS = tuple(f"{month}月" for month in range(1, 13))


@dataclass(frozen=True)
class YearFigures:
    """新收, 办结 and 结转下年度 of a year, counted as table 3 counts them."""

    received: int
    concluded: int
    carried_over: int


def _applications(organisation_ids: set[int]):
    return Application.objects.filter(department_id__in=organisation_ids)


def count_received_per_month(*, organisation_ids: set[int], year: int) -> list[int]:
    """Applications received in each month of `year` (12 numbers, January first)."""
    rows = (
        _applications(organisation_ids)
        .filter(received_on__year=year)
        .values_list("received_on__month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = dict(rows)
    return [counts.get(month, 0) for month in range(1, 13)]


def count_results_by_group(
    *, organisation_ids: set[int], year: int
) -> list[tuple[str, int]]:
    """Applications concluded in `year` by result group (予以公开 … 其他处理), in the
    order of table 3."""
    rows = (
        _applications(organisation_ids)
        .filter(concluded_on__year=year)
        .exclude(result_type="")
        .values_list("result_type")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_group = dict.fromkeys(ResultGroup, 0)
    for result, count in rows:
        by_group[ResultType(result).group] += count
    return [(str(group.label), count) for group, count in by_group.items()]


def get_year_figures(*, organisation_ids: set[int], year: int) -> YearFigures:
    """新收 (received in `year`), 办结 (concluded in it) and 结转下年度 (received by
    31 December, not concluded by then)."""
    end = date(year, 12, 31)
    counts = _applications(organisation_ids).aggregate(
        received=Count("pk", filter=Q(received_on__year=year)),
        concluded=Count(
            "pk", filter=Q(concluded_on__year=year, received_on__isnull=False)
        ),
        carried_over=Count(
            "pk",
            filter=Q(received_on__lte=end)
            & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)),
        ),
    )
    return YearFigures(**counts)


# ---- Charts (no ORM) ------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        """Where the value is written, just above the bar."""
        return round(self.y - 6, 1)


@dataclass(frozen=True)
class BarChart:
    """A vertical bar chart drawn in a `width` × `height` SVG viewBox."""

    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    baseline: float
    maximum: int

    @property
    def label_y(self) -> float:
        """Where the labels are written, below the baseline."""
        return self.baseline + 20

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def build_bar_chart(
    title: str, items: list[tuple[str, int]], *, width: int = 640, height: int = 260
) -> BarChart:
    """Lay out one bar per item; the tallest bar fills the plot height."""
    top, bottom, side = 24, 40, 16  # room for values above and labels below the bars
    plot_height = height - top - bottom
    slot = (width - 2 * side) / max(len(items), 1)
    maximum = max((value for _, value in items), default=0)
    bars = []
    for index, (label, value) in enumerate(items):
        bar_height = plot_height * value / maximum if maximum else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(side + index * slot + slot * 0.15, 1),
                y=round(top + plot_height - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
            )
        )
    return BarChart(
        title=title,
        bars=tuple(bars),
        width=width,
        height=height,
        baseline=top + plot_height,
        maximum=maximum,
    )
