"""The working-day calendar in use: the package's years, overridden by entered years."""

import threading
import time
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from . import conf
from .calendar import (
    WorkdayCalendar,
    YearSchedule,
    chinese_calendar_years,
    schedule_from_chinese_calendar,
)
from .models import CalendarYear


class _CalendarCache:
    """One process's calendar, dropped when calendar rows change (signal_handlers).

    While this process has uncommitted calendar changes, each call builds afresh and
    nothing is kept: a rolled-back edit (an admin error, a test) must not linger.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calendar: WorkdayCalendar | None = None
        self.built_at = 0.0
        self.generation = 0
        self.has_uncommitted_changes = False

    def clear(self, *, uncommitted: bool = False) -> None:
        with self.lock:
            self.calendar = None
            self.generation += 1
            self.has_uncommitted_changes = uncommitted

    def get(self) -> tuple[WorkdayCalendar | None, int]:
        with self.lock:
            if (
                self.has_uncommitted_changes
                and not transaction.get_connection().in_atomic_block
            ):
                # The writing transaction has ended, committed or rolled back.
                self.calendar, self.has_uncommitted_changes = None, False
            fresh = time.monotonic() - self.built_at < conf.cache_seconds()
            calendar = self.calendar if fresh else None
            return calendar, self.generation

    def put(self, calendar: WorkdayCalendar, generation: int) -> None:
        with self.lock:
            # A change since the build started makes this calendar stale already.
            if generation == self.generation and not self.has_uncommitted_changes:
                self.calendar, self.built_at = calendar, time.monotonic()


_cache = _CalendarCache()


def get_calendar() -> WorkdayCalendar:
    """Return the calendar: chinesecalendar's years plus the years entered in the admin.

    An entered year replaces the package's schedule for that year.
    """
    calendar, generation = _cache.get()
    if calendar is None:
        calendar = _build_calendar()
        _cache.put(calendar, generation)
    return calendar


def clear_calendar_cache(*, uncommitted: bool = False) -> None:
    """Forget the cached calendar (after writes that send no signals, e.g. bulk_create)."""
    _cache.clear(uncommitted=uncommitted)


def missing_years(years: Iterable[int]) -> list[int]:
    """Return, sorted and once each, the years among `years` the calendar has no data for."""
    calendar = get_calendar()
    return sorted({year for year in years if not calendar.has_year(year)})


def list_years_to_enter(*, today: date) -> list[int]:
    """Years whose schedule an office should enter now: this year, and from November on
    (when the State Council announces it) next year too."""
    years = [today.year, today.year + 1] if today.month >= 11 else [today.year]
    return missing_years(years)


def _build_calendar() -> WorkdayCalendar:
    schedules: dict[int, YearSchedule] = {
        year: schedule_from_chinese_calendar(year) for year in chinese_calendar_years()
    }
    for entered in CalendarYear.objects.prefetch_related("days"):
        schedules[entered.year] = entered.to_schedule()
    return WorkdayCalendar(schedules)
