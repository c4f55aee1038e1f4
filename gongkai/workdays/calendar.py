"""The working-day (工作日) calendar: pure rules, no ORM, no clock, no settings.

A working day is Monday to Friday, minus the official days off (放假日) and plus the
make-up working days (调休上班) that the 国务院办公厅 fixes each year in its holiday
notice (shared/reference/rules.md §1.6). No rule can compute a year's schedule, so
each year's schedule is data: from the `chinesecalendar` package for the years it
knows, or entered in the admin (see selectors.get_calendar).

Periods are counted in whole working days after a start day (条例 Arts. 26, 30, 33;
国办函〔2020〕109号 payment window); whether the start day itself counts is the
caller's choice (conf.count_day_of_receipt), as the law is silent on it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar
from django.utils.translation import gettext

ONE_DAY = timedelta(days=1)


class CalendarDataMissing(Exception):
    """The calendar has no schedule for `year`; nothing in that year can be counted."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        # Built when shown, so the pure module never touches translations at import.
        return gettext(
            "尚未录入%(year)d年的节假日安排，无法计算工作日。请在“工作日历”中录入。"
        ) % {"year": self.year}


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: days off (any weekday) and make-up working days."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        # Accept any iterable of dates, but store (and compare) frozensets.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        outside = sorted(
            d for d in self.holidays | self.workdays if d.year != self.year
        )
        if outside:
            raise ValueError(f"{outside[0]} is not in the schedule's year {self.year}")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise ValueError(f"{both[0]} is both a holiday and a make-up workday")


class WorkdayCalendar:
    """Answers working-day questions from a set of yearly schedules.

    Every method raises CalendarDataMissing as soon as it needs a day of a year
    without a schedule, so a deadline is never computed from guessed data.
    """

    def __init__(self, schedules: Mapping[int, YearSchedule]) -> None:
        for year, schedule in schedules.items():
            if schedule.year != year:
                raise ValueError(f"schedule for {schedule.year} filed under {year}")
        self._schedules = dict(schedules)

    def __repr__(self) -> str:
        years = sorted(self._schedules)
        span = f"{years[0]}..{years[-1]}" if years else "no years"
        return f"<WorkdayCalendar {span} ({len(years)} years)>"

    def has_year(self, year: int) -> bool:
        return year in self._schedules

    def is_working_day(self, day: date) -> bool:
        schedule = self._schedule(_as_date(day).year)
        if day in schedule.workdays:
            return True
        if day in schedule.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(
        self, start: date, days: int, *, count_start_day: bool = False
    ) -> date:
        """Return the date of the `days`-th working day after `start`.

        With count_start_day, `start` is itself the first working day when it is one
        (a receipt on a non-working day still starts on the next working day).
        """
        if days < 1:
            raise ValueError(f"days must be at least 1, not {days}")
        remaining = days
        if count_start_day and self.is_working_day(start):
            remaining -= 1
        day = _as_date(start)
        while remaining:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Count the working days in (start, end]; 0 when end is not after start."""
        start, end = _as_date(start), _as_date(end)
        if end <= start:
            return 0
        schedules = [self._schedule(year) for year in range(start.year, end.year + 1)]
        count = _weekdays_up_to(end) - _weekdays_up_to(start)
        for schedule in schedules:
            count -= sum(
                1 for d in schedule.holidays if start < d <= end and d.weekday() < 5
            )
            count += sum(
                1 for d in schedule.workdays if start < d <= end and d.weekday() >= 5
            )
        return count

    def next_working_day(self, day: date) -> date:
        """Return the first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def _schedule(self, year: int) -> YearSchedule:
        try:
            return self._schedules[year]
        except KeyError:
            raise CalendarDataMissing(year) from None


def chinese_calendar_years() -> range:
    """The years the installed chinesecalendar package has data for."""
    known = chinese_calendar.holidays.keys()
    return range(min(known).year, max(known).year + 1)


def schedule_from_chinese_calendar(year: int) -> YearSchedule:
    """Return `year`'s schedule as published in the chinesecalendar package.

    The only importer of chinese_calendar; raises CalendarDataMissing for a year the
    installed version does not know (it is updated after each November notice).
    """
    if year not in chinese_calendar_years():
        raise CalendarDataMissing(year)
    return YearSchedule(
        year=year,
        holidays=frozenset(d for d in chinese_calendar.holidays if d.year == year),
        workdays=frozenset(d for d in chinese_calendar.workdays if d.year == year),
    )


def _as_date(day: date) -> date:
    # A datetime is a date too, but would never match the schedules' dates.
    if isinstance(day, datetime):
        raise TypeError("pass a date, not a datetime (use timezone.localdate())")
    return day


def _weekdays_up_to(day: date) -> int:
    """Count Mondays to Fridays from 0001-01-01 (a Monday, ordinal 1) to `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)
