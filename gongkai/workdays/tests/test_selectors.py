from datetime import date

from django.test import TestCase

from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.enums import DayKind
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import (
    clear_calendar_cache,
    get_calendar,
    list_years_to_enter,
    missing_years,
)

from .factories import SAMPLE_2027_HOLIDAYS, SAMPLE_2027_WORKDAYS, enter_calendar_year


class CalendarTestCase(TestCase):
    def setUp(self):
        # Rows of one test are rolled back without signals: start and end with no cache.
        clear_calendar_cache()
        self.addCleanup(clear_calendar_cache)


class GetCalendarTests(CalendarTestCase):
    def test_package_years_without_entries(self):
        """With nothing entered, the calendar is the package's 2004-2026 and lacks 2027."""
        calendar = get_calendar()
        self.assertIs(calendar.has_year(2004), True)
        self.assertIs(calendar.has_year(2026), True)
        self.assertIs(calendar.has_year(2027), False)
        self.assertIs(
            calendar.is_working_day(date(2026, 2, 14)), True
        )  # make-up Saturday
        with self.assertRaisesMessage(
            CalendarDataMissing, "尚未录入2027年的节假日安排"
        ):
            calendar.add_working_days(date(2026, 12, 18), 20)

    def test_entering_2027_makes_deadlines_into_2027_work(self):
        """Once 2027 is entered, a deadline crossing New Year counts its days off and make-up days."""
        enter_calendar_year(
            2027, holidays=SAMPLE_2027_HOLIDAYS, workdays=SAMPLE_2027_WORKDAYS
        )
        calendar = get_calendar()
        self.assertIs(calendar.has_year(2027), True)
        # Thursday 2026-12-31: 1/1 (Fri) off, weekend off, 1/4-1/8 = 5, 1/9 (Sat) worked = 6.
        self.assertEqual(
            calendar.add_working_days(date(2026, 12, 31), 6), date(2027, 1, 9)
        )
        # Friday 2026-12-18: 12/21-12/31 = 9, 1/4-1/8 = 14, 1/9 = 15, 1/11-1/15 = 20.
        self.assertEqual(
            calendar.add_working_days(date(2026, 12, 18), 20), date(2027, 1, 15)
        )

    def test_an_entered_year_replaces_the_package_data(self):
        """Overriding 2026 drops every package day of 2026 not entered again."""
        enter_calendar_year(2026, holidays=[date(2026, 10, 1)], source="更正")
        calendar = get_calendar()
        cases = [
            (date(2026, 10, 1), False),  # entered as a holiday
            (
                date(2026, 10, 2),
                True,
            ),  # a package holiday, not entered: an ordinary Friday
            (date(2026, 2, 14), False),  # a package make-up Saturday, not entered
            (date(2025, 10, 8), False),  # other years keep the package data
        ]
        for day, expected in cases:
            with self.subTest(day=day):
                self.assertIs(calendar.is_working_day(day), expected)

    def test_changes_are_seen_at_once(self):
        """Saving or deleting a year or a day drops the cached calendar (signals)."""
        self.assertIs(get_calendar().has_year(2027), False)
        calendar_year = enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        self.assertIs(get_calendar().is_working_day(date(2027, 1, 9)), False)
        CalendarDay.objects.create(
            calendar_year=calendar_year, day=date(2027, 1, 9), kind=DayKind.WORKDAY
        )
        self.assertIs(get_calendar().is_working_day(date(2027, 1, 9)), True)
        CalendarDay.objects.get(day=date(2027, 1, 9)).delete()
        self.assertIs(get_calendar().is_working_day(date(2027, 1, 9)), False)
        calendar_year.delete()
        self.assertIs(get_calendar().has_year(2027), False)

    def test_the_calendar_is_cached_between_calls(self):
        """Without changes, the second call reads nothing from the database."""
        enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        with self.assertNumQueries(2):  # years, then their days
            first = get_calendar()
        clear_calendar_cache()  # as if the entry above had been committed
        first = get_calendar()
        with self.assertNumQueries(0):
            self.assertIs(get_calendar(), first)

    def test_uncommitted_changes_are_never_cached(self):
        """Inside the writing transaction each call rebuilds, so a rollback leaves no trace."""
        enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        self.assertIsNot(get_calendar(), get_calendar())


class MissingYearsTests(CalendarTestCase):
    def test_lists_unknown_years_once_in_order(self):
        """Known years are dropped; the rest come back sorted and without repeats."""
        self.assertEqual(
            missing_years([2028, 2026, 2027, 2028, 2003]), [2003, 2027, 2028]
        )
        enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        self.assertEqual(missing_years([2026, 2027]), [])


class ListYearsToEnterTests(CalendarTestCase):
    def test_next_year_is_due_from_november(self):
        """This year is always needed; next year from November, when the notice comes out."""
        cases = [
            (date(2026, 10, 31), []),
            (date(2026, 11, 1), [2027]),
            (date(2026, 12, 31), [2027]),
            (date(2027, 1, 4), [2027]),  # still not entered in the new year
            (date(2027, 11, 2), [2027, 2028]),
        ]
        for today, expected in cases:
            with self.subTest(today=today):
                self.assertEqual(list_years_to_enter(today=today), expected)

    def test_entered_years_are_not_listed(self):
        """After 2027 is entered, November 2026 needs nothing."""
        enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        self.assertEqual(list_years_to_enter(today=date(2026, 11, 27)), [])
        self.assertEqual(CalendarYear.objects.count(), 1)
