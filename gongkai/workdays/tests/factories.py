from collections.abc import Iterable
from datetime import date

from gongkai.workdays.enums import DayKind
from gongkai.workdays.models import CalendarDay, CalendarYear


def enter_calendar_year(
    year: int,
    *,
    holidays: Iterable[date] = (),
    workdays: Iterable[date] = (),
    source: str = "",
) -> CalendarYear:
    """Save a year's schedule as the admin does: the year, then one row per day."""
    calendar_year = CalendarYear.objects.create(year=year, source=source)
    for day in holidays:
        CalendarDay.objects.create(
            calendar_year=calendar_year, day=day, kind=DayKind.HOLIDAY
        )
    for day in workdays:
        CalendarDay.objects.create(
            calendar_year=calendar_year, day=day, kind=DayKind.WORKDAY
        )
    return calendar_year


# A made-up 2027 schedule for tests: the real one is announced in November 2026.
SAMPLE_2027_HOLIDAYS = [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]
SAMPLE_2027_WORKDAYS = [date(2027, 1, 9)]  # a Saturday
