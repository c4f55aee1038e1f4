import pickle
from datetime import date, datetime, timedelta

import chinese_calendar
from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from gongkai.workdays.calendar import (
    CalendarDataMissing,
    WorkdayCalendar,
    YearSchedule,
    chinese_calendar_years,
    schedule_from_chinese_calendar,
)

PACKAGE_CALENDAR = WorkdayCalendar(
    {year: schedule_from_chinese_calendar(year) for year in chinese_calendar_years()}
)
FIRST_DAY, LAST_DAY = date(2004, 1, 1), date(2026, 12, 31)
# Starts late enough in 2026 would run into 2027, which the package does not know.
starts = st.dates(min_value=FIRST_DAY, max_value=date(2026, 8, 31))
day_counts = st.integers(min_value=1, max_value=60)


def brute_force_add(start: date, days: int, *, count_start_day: bool = False) -> date:
    """Count working days one by one with the package's own is_workday."""
    if count_start_day and chinese_calendar.is_workday(start):
        days -= 1
    day = start
    while days:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            days -= 1
    return day


class ScheduleFromChineseCalendarTests(SimpleTestCase):
    def test_package_years_are_2004_to_2026(self):
        """chinesecalendar 1.11.0 knows 2004 to 2026, and not 2027 yet."""
        self.assertEqual(chinese_calendar_years(), range(2004, 2027))

    def test_2026_schedule_matches_the_state_council_notice(self):
        """The 2026 notice: seven holiday periods and six make-up working days."""
        holiday_periods = [
            (date(2026, 1, 1), date(2026, 1, 3)),  # 元旦
            (date(2026, 2, 15), date(2026, 2, 23)),  # 春节
            (date(2026, 4, 4), date(2026, 4, 6)),  # 清明节
            (date(2026, 5, 1), date(2026, 5, 5)),  # 劳动节
            (date(2026, 6, 19), date(2026, 6, 21)),  # 端午节
            (date(2026, 9, 25), date(2026, 9, 27)),  # 中秋节
            (date(2026, 10, 1), date(2026, 10, 7)),  # 国庆节
        ]
        holidays = {
            first + timedelta(days=n)
            for first, last in holiday_periods
            for n in range((last - first).days + 1)
        }
        workdays = {
            date(2026, 1, 4),  # Sunday
            date(2026, 2, 14),  # Saturday
            date(2026, 2, 28),  # Saturday
            date(2026, 5, 9),  # Saturday
            date(2026, 9, 20),  # Sunday
            date(2026, 10, 10),  # Saturday
        }
        schedule = schedule_from_chinese_calendar(2026)
        self.assertEqual(schedule.holidays, holidays)
        self.assertEqual(schedule.workdays, workdays)

    def test_missing_years_raise_calendar_data_missing(self):
        """A year outside the package's range raises, naming the year."""
        for year in (2003, 2027, 2030):
            with self.subTest(year=year):
                with self.assertRaises(CalendarDataMissing) as raised:
                    schedule_from_chinese_calendar(year)
                self.assertEqual(raised.exception.year, year)


class YearScheduleTests(SimpleTestCase):
    def test_sets_are_stored_as_frozensets(self):
        """Any iterable of dates is accepted; the schedule keeps frozensets."""
        schedule = YearSchedule(2027, holidays=[date(2027, 1, 1)], workdays=set())
        self.assertEqual(schedule.holidays, frozenset({date(2027, 1, 1)}))
        self.assertIsInstance(schedule.workdays, frozenset)

    def test_inconsistent_schedules_are_refused(self):
        """A day of another year, or a day both off and worked, is a programming error."""
        cases = [
            ({date(2026, 12, 31)}, set(), "not in the schedule's year 2027"),
            (
                {date(2027, 2, 6)},
                {date(2027, 2, 6)},
                "both a holiday and a make-up workday",
            ),
        ]
        for holidays, workdays, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesMessage(ValueError, message),
            ):
                YearSchedule(2027, holidays=holidays, workdays=workdays)

    def test_calendar_refuses_a_schedule_filed_under_another_year(self):
        """The mapping's key must be the schedule's year."""
        with self.assertRaisesMessage(ValueError, "schedule for 2026 filed under 2027"):
            WorkdayCalendar({2027: schedule_from_chinese_calendar(2026)})


class IsWorkingDayTests(SimpleTestCase):
    def test_real_days_of_the_2024_to_2026_notices(self):
        """Weekends worked as make-up days count; weekdays in holiday periods do not."""
        cases = [
            (date(2024, 2, 4), True),  # Sunday, make-up day before Spring Festival
            (date(2024, 2, 18), True),  # Sunday, make-up day after Spring Festival
            (date(2024, 2, 12), False),  # Monday in Spring Festival, 2/10-2/17
            (date(2024, 9, 29), True),  # Sunday, make-up day before National Day
            (date(2024, 10, 7), False),  # Monday, last day of National Day
            (date(2024, 10, 12), True),  # Saturday, make-up day after National Day
            (date(2024, 10, 13), False),  # an ordinary Sunday
            (date(2025, 1, 26), True),  # Sunday, make-up day
            (date(2025, 2, 8), True),  # Saturday, make-up day
            (date(2025, 4, 27), True),  # Sunday, make-up day
            (date(2025, 9, 28), True),  # Sunday, make-up day
            (
                date(2025, 10, 8),
                False,
            ),  # Wednesday, National Day + Mid-Autumn 10/1-10/8
            (date(2025, 10, 11), True),  # Saturday, make-up day
            (date(2026, 1, 2), False),  # Friday, New Year
            (date(2026, 1, 4), True),  # Sunday, make-up day
            (date(2026, 2, 14), True),  # Saturday, make-up day
            (date(2026, 2, 23), False),  # Monday, last day of Spring Festival
            (date(2026, 2, 24), True),  # Tuesday, back to work
            (date(2026, 2, 28), True),  # Saturday, make-up day
            (date(2026, 5, 9), True),  # Saturday, make-up day
            (date(2026, 9, 20), True),  # Sunday, make-up day
            (date(2026, 9, 25), False),  # Friday, Mid-Autumn
            (date(2026, 10, 10), True),  # Saturday, make-up day
            (date(2026, 11, 27), True),  # an ordinary Friday
        ]
        for day, expected in cases:
            with self.subTest(day=day):
                self.assertIs(
                    chinese_calendar.is_workday(day), expected
                )  # the source agrees
                self.assertIs(PACKAGE_CALENDAR.is_working_day(day), expected)

    def test_agrees_with_the_package_on_every_day_it_knows(self):
        """Each day from 2004-01-01 to 2026-12-31 gets the package's answer."""
        day = FIRST_DAY
        while day <= LAST_DAY:
            self.assertIs(
                PACKAGE_CALENDAR.is_working_day(day),
                chinese_calendar.is_workday(day),
                day,
            )
            day += timedelta(days=1)

    def test_a_datetime_is_refused(self):
        """A datetime never matches a date in the schedules, so it is refused outright."""
        with self.assertRaisesMessage(TypeError, "pass a date, not a datetime"):
            PACKAGE_CALENDAR.is_working_day(datetime(2026, 2, 14, 9, 0))


class AddWorkingDaysTests(SimpleTestCase):
    def test_statutory_periods_on_real_dates(self):
        """20-day replies, 7-day corrections and 20-day extensions across holidays (条例 Arts. 30, 33)."""
        cases = [
            # Received Friday before National Day 2025: 9/28 (Sun) worked, 10/1-10/8 off, 10/11 (Sat) worked.
            (date(2025, 9, 26), 20, date(2025, 10, 30)),
            (date(2025, 9, 26), 1, date(2025, 9, 28)),
            (date(2025, 9, 30), 1, date(2025, 10, 9)),
            # Before Spring Festival 2026: 2/14 (Sat) worked, 2/15-2/23 off, 2/28 (Sat) worked.
            (date(2026, 2, 6), 20, date(2026, 3, 12)),
            (date(2026, 2, 6), 7, date(2026, 2, 24)),  # 补正 notice due
            (
                date(2026, 3, 12),
                20,
                date(2026, 4, 10),
            ),  # extension after the reply date, across 清明 4/4-4/6
            # Before Spring Festival 2024: 2/4 (Sun) and 2/18 (Sun) worked, 2/10-2/17 off.
            (
                date(2024, 2, 2),
                7,
                date(2024, 2, 18),
            ),  # the deadline is a Sunday make-up day
            (date(2024, 2, 2), 20, date(2024, 3, 6)),
            # Before National Day 2024: 9/29 (Sun) worked, 10/1-10/7 off, 10/12 (Sat) worked.
            (date(2024, 9, 27), 20, date(2024, 10, 30)),
            # Spring Festival 2025: 1/26 (Sun) and 2/8 (Sat) worked, 1/28-2/4 off.
            (date(2025, 1, 24), 20, date(2025, 2, 27)),
            # Mid-Autumn and National Day 2026: 9/20 (Sun) and 10/10 (Sat) worked.
            (date(2026, 9, 18), 20, date(2026, 10, 22)),
        ]
        for start, days, expected in cases:
            with self.subTest(start=start, days=days):
                self.assertEqual(
                    brute_force_add(start, days), expected
                )  # the source agrees
                self.assertEqual(
                    PACKAGE_CALENDAR.add_working_days(start, days), expected
                )

    def test_correction_then_extension_chain(self):
        """补正 due 7 days after receipt; the reply 20 after the corrected application; +20 extended."""
        received = date(2026, 2, 6)
        correction_due = PACKAGE_CALENDAR.add_working_days(received, 7)
        # The applicant answers the 补正 notice on Thursday 2/26; 2/28 (Sat) is worked.
        corrected_on = date(2026, 2, 26)
        reply_due = PACKAGE_CALENDAR.add_working_days(corrected_on, 20)
        extended_due = PACKAGE_CALENDAR.add_working_days(reply_due, 20)
        expected = (date(2026, 2, 24), date(2026, 3, 25), date(2026, 4, 23))
        self.assertEqual((correction_due, reply_due, extended_due), expected)
        self.assertEqual(
            brute_force_add(brute_force_add(corrected_on, 20), 20), expected[2]
        )

    def test_counting_the_day_of_receipt(self):
        """With count_start_day, a working start day is day 1; a non-working one is not."""
        cases = [
            (date(2025, 9, 26), 20, date(2025, 10, 29)),  # Friday: one day earlier
            (date(2025, 9, 28), 1, date(2025, 9, 28)),  # Sunday make-up day: itself
            (date(2025, 9, 27), 1, date(2025, 9, 28)),  # Saturday: the next working day
            (
                date(2025, 10, 1),
                1,
                date(2025, 10, 9),
            ),  # National Day: after the holiday
        ]
        for start, days, expected in cases:
            with self.subTest(start=start, days=days):
                result = PACKAGE_CALENDAR.add_working_days(
                    start, days, count_start_day=True
                )
                self.assertEqual(result, expected)
                self.assertEqual(
                    brute_force_add(start, days, count_start_day=True), expected
                )

    def test_days_must_be_positive(self):
        """Zero or negative periods are a programming error."""
        for days in (0, -1):
            with (
                self.subTest(days=days),
                self.assertRaisesMessage(ValueError, "days must be at least 1"),
            ):
                PACKAGE_CALENDAR.add_working_days(date(2026, 2, 6), days)

    def test_next_working_day(self):
        """The first working day strictly after the day, skipping whole holiday periods."""
        cases = [
            (date(2026, 2, 13), date(2026, 2, 14)),  # Friday -> make-up Saturday
            (date(2026, 2, 14), date(2026, 2, 24)),  # over Spring Festival
            (date(2026, 11, 27), date(2026, 11, 30)),  # over an ordinary weekend
        ]
        for day, expected in cases:
            with self.subTest(day=day):
                self.assertEqual(PACKAGE_CALENDAR.next_working_day(day), expected)


class WorkingDaysBetweenTests(SimpleTestCase):
    def test_counts_working_days_after_start_up_to_end(self):
        """(start, end]: the start day is never counted, the end day is."""
        cases = [
            (date(2025, 9, 26), date(2025, 10, 30), 20),
            (date(2026, 2, 6), date(2026, 3, 12), 20),
            (date(2026, 2, 13), date(2026, 2, 23), 1),  # only the make-up Saturday
            (date(2026, 2, 6), date(2026, 2, 6), 0),
            (date(2026, 3, 12), date(2026, 2, 6), 0),  # end before start
            (
                date(2004, 1, 1),
                date(2026, 12, 31),
                sum(
                    chinese_calendar.is_workday(FIRST_DAY + timedelta(days=n))
                    for n in range(1, (LAST_DAY - FIRST_DAY).days + 1)
                ),
            ),
        ]
        for start, end, expected in cases:
            with self.subTest(start=start, end=end):
                self.assertEqual(
                    PACKAGE_CALENDAR.working_days_between(start, end), expected
                )


class CalendarDataMissingTests(SimpleTestCase):
    def test_message_names_the_year_in_chinese(self):
        """The error says which year is missing and where to enter it."""
        with self.assertRaisesMessage(
            CalendarDataMissing,
            "尚未录入2027年的节假日安排，无法计算工作日。请在“工作日历”中录入。",
        ) as raised:
            PACKAGE_CALENDAR.add_working_days(date(2026, 12, 18), 20)
        self.assertEqual(raised.exception.year, 2027)

    def test_survives_pickling(self):
        """Task queues pickle exceptions; the year and the message come back intact."""
        restored = pickle.loads(pickle.dumps(CalendarDataMissing(2027)))  # noqa: S301
        self.assertEqual(
            (restored.year, str(restored)), (2027, str(CalendarDataMissing(2027)))
        )

    def test_every_method_raises_for_a_missing_year(self):
        """No answer is ever guessed for a year without data."""
        calls = [
            lambda: PACKAGE_CALENDAR.is_working_day(date(2027, 1, 4)),
            lambda: PACKAGE_CALENDAR.add_working_days(date(2026, 12, 31), 1),
            lambda: PACKAGE_CALENDAR.add_working_days(
                date(2027, 1, 4), 1, count_start_day=True
            ),
            lambda: PACKAGE_CALENDAR.next_working_day(date(2026, 12, 31)),
            lambda: PACKAGE_CALENDAR.working_days_between(
                date(2026, 12, 1), date(2027, 1, 5)
            ),
            lambda: PACKAGE_CALENDAR.working_days_between(
                date(2003, 12, 1), date(2004, 1, 5)
            ),
        ]
        for index, call in enumerate(calls):
            with self.subTest(call=index):
                self.assertRaises(CalendarDataMissing, call)

    def test_a_deadline_inside_known_years_needs_no_missing_year(self):
        """A period ending before 31 December 2026 computes despite 2027 being missing."""
        self.assertEqual(
            PACKAGE_CALENDAR.add_working_days(date(2026, 11, 27), 20),
            date(2026, 12, 25),
        )
        self.assertIs(PACKAGE_CALENDAR.has_year(2026), True)
        self.assertIs(PACKAGE_CALENDAR.has_year(2027), False)

    def test_adding_a_schedule_for_2027_makes_it_work(self):
        """A calendar given a 2027 schedule counts through it (here: 2027 New Year on a Friday)."""
        schedules = {
            year: schedule_from_chinese_calendar(year) for year in (2025, 2026)
        }
        schedules[2027] = YearSchedule(
            2027, holidays={date(2027, 1, 1)}, workdays=set()
        )
        calendar = WorkdayCalendar(schedules)
        self.assertEqual(
            calendar.add_working_days(date(2026, 12, 31), 1), date(2027, 1, 4)
        )


class WorkdayCalendarPropertyTests(SimpleTestCase):
    """Properties over random dates in 2004-2026, checked against chinese_calendar itself."""

    @given(start=starts, days=day_counts, count_start_day=st.booleans())
    def test_add_working_days_agrees_with_the_package(
        self, start, days, count_start_day
    ):
        """The result equals a one-by-one count with chinese_calendar.is_workday."""
        result = PACKAGE_CALENDAR.add_working_days(
            start, days, count_start_day=count_start_day
        )
        self.assertEqual(
            result, brute_force_add(start, days, count_start_day=count_start_day)
        )

    @given(start=starts, days=day_counts, count_start_day=st.booleans())
    def test_add_working_days_lands_on_a_working_day(
        self, start, days, count_start_day
    ):
        """The deadline is a working day, after the start (or the start itself as day 1 of 1)."""
        result = PACKAGE_CALENDAR.add_working_days(
            start, days, count_start_day=count_start_day
        )
        self.assertIs(chinese_calendar.is_workday(result), True)
        self.assertIs(PACKAGE_CALENDAR.is_working_day(result), True)
        if result == start:
            self.assertEqual((count_start_day, days), (True, 1))
        else:
            self.assertGreater(result, start)

    @given(first=starts, second=starts, days=day_counts)
    def test_add_working_days_is_monotonic_in_start(self, first, second, days):
        """A later start never gives an earlier deadline."""
        first, second = sorted((first, second))
        self.assertLessEqual(
            PACKAGE_CALENDAR.add_working_days(first, days),
            PACKAGE_CALENDAR.add_working_days(second, days),
        )

    @given(start=starts, fewer=day_counts, more=day_counts)
    def test_add_working_days_is_strictly_monotonic_in_days(self, start, fewer, more):
        """More working days always give a strictly later deadline."""
        fewer, more = sorted((fewer, more))
        earlier = PACKAGE_CALENDAR.add_working_days(start, fewer)
        later = PACKAGE_CALENDAR.add_working_days(start, more)
        if fewer == more:
            self.assertEqual(earlier, later)
        else:
            self.assertLess(earlier, later)

    @given(start=starts, days=day_counts)
    def test_working_days_between_inverts_add_working_days(self, start, days):
        """Counting from start to the deadline gives back the number of days added."""
        deadline = PACKAGE_CALENDAR.add_working_days(start, days)
        self.assertEqual(PACKAGE_CALENDAR.working_days_between(start, deadline), days)
        self.assertEqual(
            PACKAGE_CALENDAR.working_days_between(start, deadline - timedelta(days=1)),
            days - 1,
        )

    @given(
        start=st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
        span=st.integers(min_value=-10, max_value=800),
    )
    def test_working_days_between_agrees_with_the_package(self, start, span):
        """The arithmetic count equals a one-by-one count over any range in 2004-2026."""
        end = min(start + timedelta(days=span), LAST_DAY)
        expected = sum(
            chinese_calendar.is_workday(start + timedelta(days=n))
            for n in range(1, (end - start).days + 1)
        )
        self.assertEqual(PACKAGE_CALENDAR.working_days_between(start, end), expected)

    @given(day=starts)
    def test_next_working_day_is_the_first_working_day_after(self, day):
        """Every day strictly between the day and its next working day is off."""
        following = PACKAGE_CALENDAR.next_working_day(day)
        self.assertIs(chinese_calendar.is_workday(following), True)
        between = [day + timedelta(days=n) for n in range(1, (following - day).days)]
        self.assertFalse(any(chinese_calendar.is_workday(d) for d in between))

    @given(day=st.dates(min_value=date(2027, 1, 1), max_value=date(2100, 12, 31)))
    def test_years_after_the_package_always_raise(self, day):
        """Any day after 2026 raises CalendarDataMissing naming its year."""
        with self.assertRaisesMessage(
            CalendarDataMissing, f"尚未录入{day.year}年"
        ) as raised:
            PACKAGE_CALENDAR.is_working_day(day)
        self.assertEqual(raised.exception.year, day.year)
