"""Deadlines on real dates of the 2024, 2025 and 2026 holiday notices.

Every expected date below was counted by hand on the official schedules (listed in
OFFICIAL), and each test checks it twice: on a calendar built from those schedules
and on the chinesecalendar data the application uses.
"""

from datetime import date, timedelta

from django.test import SimpleTestCase

from gongkai.applications.deadlines import (
    Pause,
    ReceiptDateError,
    ReplyClock,
    consultation_limit,
    correction_notice_last_day,
    countdown,
    fee_payment_due_on,
    receipt_date,
    reply_due_on,
)
from gongkai.workdays.calendar import (
    CalendarDataMissing,
    WorkdayCalendar,
    YearSchedule,
    schedule_from_chinese_calendar,
)


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(n) for n in range((last - first).days + 1)}


D = date
# 国办发明电〔2023〕7号, 〔2024〕12号 and the 2026 notice (rules.md §1.6).
OFFICIAL = {
    2024: YearSchedule(
        2024,
        holidays=frozenset(
            {
                D(2024, 1, 1),
                *days(D(2024, 2, 10), D(2024, 2, 17)),
                *days(D(2024, 4, 4), D(2024, 4, 6)),
                *days(D(2024, 5, 1), D(2024, 5, 5)),
                D(2024, 6, 10),
                *days(D(2024, 9, 15), D(2024, 9, 17)),
                *days(D(2024, 10, 1), D(2024, 10, 7)),
            }
        ),
        workdays=frozenset(
            {
                D(2024, 2, 4),
                D(2024, 2, 18),
                D(2024, 4, 7),
                D(2024, 4, 28),
                D(2024, 5, 11),
                D(2024, 9, 14),
                D(2024, 9, 29),
                D(2024, 10, 12),
            }
        ),
    ),
    2025: YearSchedule(
        2025,
        holidays=frozenset(
            {
                D(2025, 1, 1),
                *days(D(2025, 1, 28), D(2025, 2, 4)),
                *days(D(2025, 4, 4), D(2025, 4, 6)),
                *days(D(2025, 5, 1), D(2025, 5, 5)),
                *days(D(2025, 5, 31), D(2025, 6, 2)),
                *days(D(2025, 10, 1), D(2025, 10, 8)),
            }
        ),
        workdays=frozenset(
            {
                D(2025, 1, 26),
                D(2025, 2, 8),
                D(2025, 4, 27),
                D(2025, 9, 28),
                D(2025, 10, 11),
            }
        ),
    ),
    2026: YearSchedule(
        2026,
        holidays=frozenset(
            {
                *days(D(2026, 1, 1), D(2026, 1, 3)),
                *days(D(2026, 2, 15), D(2026, 2, 23)),
                *days(D(2026, 4, 4), D(2026, 4, 6)),
                *days(D(2026, 5, 1), D(2026, 5, 5)),
                *days(D(2026, 6, 19), D(2026, 6, 21)),
                *days(D(2026, 9, 25), D(2026, 9, 27)),
                *days(D(2026, 10, 1), D(2026, 10, 7)),
            }
        ),
        workdays=frozenset(
            {
                D(2026, 1, 4),
                D(2026, 2, 14),
                D(2026, 2, 28),
                D(2026, 5, 9),
                D(2026, 9, 20),
                D(2026, 10, 10),
            }
        ),
    ),
}
HAND = WorkdayCalendar(OFFICIAL)
PACKAGE = WorkdayCalendar({y: schedule_from_chinese_calendar(y) for y in OFFICIAL})
CALENDARS = {"official notices": HAND, "chinesecalendar": PACKAGE}


class CalendarsAgreeTests(SimpleTestCase):
    def test_hand_entered_notices_match_the_package(self):
        """Every day of 2024-2026 is a working day on both calendars, or on neither."""
        for year in OFFICIAL:
            for day in sorted(days(D(year, 1, 1), D(year, 12, 31))):
                with self.subTest(day=day):
                    self.assertIs(HAND.is_working_day(day), PACKAGE.is_working_day(day))


class DeadlineTestCase(SimpleTestCase):
    def assertOnBothCalendars(self, compute, expected):
        for name, calendar in CALENDARS.items():
            with self.subTest(calendar=name):
                self.assertEqual(compute(calendar), expected)


class ReplyDueOnTests(DeadlineTestCase):
    def test_twenty_working_days_across_holidays_and_make_up_days(self):
        """Art. 33: 20 working days after receipt, skipping holidays, counting 调休 days."""
        cases = [
            # before National Day 2024: Sun 29 Sep and Sat 12 Oct are working days
            (D(2024, 9, 27), D(2024, 10, 30)),
            # before Spring Festival 2025: Sun 26 Jan and Sat 8 Feb are working days
            (D(2025, 1, 24), D(2025, 2, 27)),
            # before National Day 2025 (1-8 Oct): Sun 28 Sep and Sat 11 Oct work
            (D(2025, 9, 25), D(2025, 10, 29)),
            # before Spring Festival 2026 (15-23 Feb): Saturdays 14 and 28 Feb work
            (D(2026, 2, 11), D(2026, 3, 17)),
            # Mid-Autumn and National Day 2026: Sun 20 Sep and Sat 10 Oct work
            (D(2026, 9, 18), D(2026, 10, 22)),
        ]
        for received_on, expected in cases:
            with self.subTest(received_on=received_on):
                clock = ReplyClock(received_on=received_on)
                self.assertOnBothCalendars(
                    lambda cal, c=clock: reply_due_on(c, cal, as_of=c.received_on),
                    expected,
                )

    def test_counting_the_day_of_receipt_is_configurable(self):
        """With the day of receipt counted, a Friday receipt is day 1; a Saturday one
        (not a working day) still starts on the next working day."""
        cases = [
            (D(2025, 1, 24), True, D(2025, 2, 26)),
            (D(2025, 1, 25), True, D(2025, 2, 27)),
            (D(2025, 1, 25), False, D(2025, 2, 27)),
        ]
        for received_on, counted, expected in cases:
            with self.subTest(received_on=received_on, counted=counted):
                clock = ReplyClock(
                    received_on=received_on, count_day_of_receipt=counted
                )
                self.assertOnBothCalendars(
                    lambda cal, c=clock: reply_due_on(c, cal, as_of=c.received_on),
                    expected,
                )

    def test_correction_consultation_and_extension_combined(self):
        """Received Thu 25 Sep 2025, corrected Fri 10 Oct (clock restarts, Art. 30);
        consulted Mon 20 - Fri 24 Oct (4 working days not counted, Art. 33); then
        extended by 20 working days."""
        consultation = Pause(D(2025, 10, 20), D(2025, 10, 24), limit=D(2025, 11, 10))
        steps = [
            (ReplyClock(D(2025, 9, 25), corrected_on=D(2025, 10, 10)), D(2025, 11, 6)),
            (
                ReplyClock(D(2025, 9, 25), D(2025, 10, 10), pauses=(consultation,)),
                D(2025, 11, 12),
            ),
            (
                ReplyClock(D(2025, 9, 25), D(2025, 10, 10), 20, (consultation,)),
                D(2025, 12, 10),
            ),
        ]
        for clock, expected in steps:
            with self.subTest(clock=clock):
                self.assertOnBothCalendars(
                    lambda cal, c=clock: reply_due_on(c, cal, as_of=D(2025, 12, 31)),
                    expected,
                )

    def test_consultation_beyond_fifteen_working_days_is_counted(self):
        """An answer after the 15-working-day limit (10 Nov) stops the clock only until
        the limit (Arts. 32, 34: silence then counts as no objection)."""
        late = Pause(D(2025, 10, 20), D(2025, 11, 20), limit=D(2025, 11, 10))
        clock = ReplyClock(D(2025, 9, 25), corrected_on=D(2025, 10, 10), pauses=(late,))
        self.assertOnBothCalendars(
            lambda cal: reply_due_on(clock, cal, as_of=D(2025, 12, 31)), D(2025, 11, 27)
        )

    def test_overlapping_consultations_pause_the_clock_once(self):
        """A third party (20-24 Oct) and an agency (22-28 Oct) together pause 6 days."""
        pauses = (
            Pause(D(2025, 10, 20), D(2025, 10, 24), limit=D(2025, 11, 10)),
            Pause(D(2025, 10, 22), D(2025, 10, 28), limit=D(2025, 11, 12)),
        )
        clock = ReplyClock(D(2025, 9, 25), corrected_on=D(2025, 10, 10), pauses=pauses)
        self.assertOnBothCalendars(
            lambda cal: reply_due_on(clock, cal, as_of=D(2025, 12, 31)), D(2025, 11, 14)
        )

    def test_open_consultation_pauses_until_today(self):
        """While a consultation is open, the due date is the earliest it can be: as if
        the answer came today (22 Oct: two working days paused)."""
        open_pause = Pause(D(2025, 10, 20), None, limit=D(2025, 11, 10))
        clock = ReplyClock(
            D(2025, 9, 25), corrected_on=D(2025, 10, 10), pauses=(open_pause,)
        )
        self.assertOnBothCalendars(
            lambda cal: reply_due_on(clock, cal, as_of=D(2025, 10, 22)), D(2025, 11, 10)
        )

    def test_fee_notice_to_payment_is_not_counted(self):
        """Received 4 Feb 2026; fee notice Tue 10 Feb, paid Thu 26 Feb across Spring
        Festival: the 7 working days between are not counted (10 Mar -> 19 Mar)."""
        fee = Pause(D(2026, 2, 10), D(2026, 2, 26), limit=D(2026, 3, 16))
        without = ReplyClock(D(2026, 2, 4))
        with_fee = ReplyClock(D(2026, 2, 4), pauses=(fee,))
        self.assertOnBothCalendars(
            lambda cal: reply_due_on(without, cal, as_of=D(2026, 2, 4)), D(2026, 3, 10)
        )
        self.assertOnBothCalendars(
            lambda cal: reply_due_on(with_fee, cal, as_of=D(2026, 3, 1)), D(2026, 3, 19)
        )

    def test_pause_after_the_due_date_changes_nothing(self):
        """A pause that starts after the clock ran out does not revive the deadline."""
        late = Pause(D(2024, 11, 4), D(2024, 11, 8), limit=D(2024, 11, 25))
        clock = ReplyClock(D(2024, 9, 27), pauses=(late,))
        self.assertOnBothCalendars(
            lambda cal: reply_due_on(clock, cal, as_of=D(2024, 12, 1)), D(2024, 10, 30)
        )

    def test_missing_year_raises(self):
        """A deadline running into 2027 (no schedule yet) is never guessed."""
        clock = ReplyClock(D(2026, 12, 10))
        with self.assertRaises(CalendarDataMissing) as raised:
            reply_due_on(clock, PACKAGE, as_of=D(2026, 12, 10))
        self.assertEqual(raised.exception.year, 2027)


class OtherPeriodsTests(DeadlineTestCase):
    def test_correction_notice_limit_is_seven_working_days(self):
        """Art. 30: the 7th working day after receipt, which may be a 调休 Saturday."""
        cases = [
            (D(2024, 9, 27), D(2024, 10, 12)),
            (D(2025, 9, 25), D(2025, 10, 11)),
            (D(2026, 2, 11), D(2026, 2, 27)),
        ]
        for received_on, expected in cases:
            with self.subTest(received_on=received_on):
                self.assertOnBothCalendars(
                    lambda cal, r=received_on: correction_notice_last_day(
                        r, cal, count_day_of_receipt=False
                    ),
                    expected,
                )

    def test_consultation_limit_is_fifteen_working_days(self):
        self.assertOnBothCalendars(
            lambda cal: consultation_limit(D(2025, 10, 20), cal), D(2025, 11, 10)
        )

    def test_fee_window_is_twenty_working_days_from_the_next_day(self):
        """109号: notice on Fri 27 Sep 2024 -> pay by Wed 30 Oct 2024."""
        cases = [(D(2024, 9, 27), D(2024, 10, 30)), (D(2026, 2, 10), D(2026, 3, 16))]
        for notice_on, expected in cases:
            with self.subTest(notice_on=notice_on):
                self.assertOnBothCalendars(
                    lambda cal, n=notice_on: fee_payment_due_on(n, cal), expected
                )

    def test_countdown(self):
        """Working days left: 0 on the due date, negative once overdue (weekend too)."""
        cases = [
            (D(2025, 9, 30), 16, False),
            (D(2025, 10, 29), 0, False),
            (D(2025, 10, 31), -2, True),
            (D(2025, 11, 1), -2, True),
        ]
        for today, left, overdue in cases:
            with self.subTest(today=today):
                result = countdown(D(2025, 10, 29), PACKAGE, today=today)
                self.assertEqual(
                    (result.working_days_left, result.is_overdue), (left, overdue)
                )


class ReceiptDateTests(SimpleTestCase):
    def test_receipt_date_by_channel(self):
        """Art. 31 and 207号: which day counts as the day of receipt."""
        sent, signed, confirmed = D(2025, 9, 22), D(2025, 9, 24), D(2025, 9, 25)
        cases = [
            ("in_person", None, None, sent),
            ("email", None, None, sent),
            ("registered_post", signed, None, signed),
            ("ordinary_post", None, confirmed, confirmed),
            ("ordinary_post", None, None, None),
            ("fax", None, confirmed, confirmed),
            ("online", None, None, None),
        ]
        for channel, signed_on, confirmed_on, expected in cases:
            with self.subTest(channel=channel, confirmed_on=confirmed_on):
                self.assertEqual(
                    receipt_date(
                        channel,
                        submitted_on=sent,
                        signed_on=signed_on,
                        confirmed_on=confirmed_on,
                    ),
                    expected,
                )

    def test_registered_post_needs_the_signing_date(self):
        with self.assertRaisesMessage(ReceiptDateError, "签收日期"):
            receipt_date("registered_post", submitted_on=D(2025, 9, 22))

    def test_confirmation_cannot_precede_submission(self):
        with self.assertRaisesMessage(ReceiptDateError, "不能早于"):
            receipt_date(
                "fax", submitted_on=D(2025, 9, 22), confirmed_on=D(2025, 9, 21)
            )
