from datetime import date

from django.test import SimpleTestCase

from gongkai.workdays.entry_rules import (
    DayEntry,
    EntryError,
    find_entry_errors,
    format_day,
)
from gongkai.workdays.enums import DayKind

HOLIDAY, WORKDAY = DayKind.HOLIDAY, DayKind.WORKDAY


class FormatDayTests(SimpleTestCase):
    def test_writes_the_date_with_its_weekday(self):
        """Dates are written as in the notices, with the weekday that matters for 调休."""
        cases = [
            (date(2026, 2, 14), "2026年2月14日（星期六）"),
            (date(2026, 10, 1), "2026年10月1日（星期四）"),
            (date(2027, 1, 3), "2027年1月3日（星期日）"),
        ]
        for day, expected in cases:
            with self.subTest(day=day):
                self.assertEqual(format_day(day), expected)


class FindEntryErrorsTests(SimpleTestCase):
    def test_the_real_2026_schedule_passes(self):
        """The 2026 notice's days, weekend holidays included, raise no error."""
        entries = [
            DayEntry(date(2026, 1, 1), HOLIDAY),
            DayEntry(date(2026, 1, 2), HOLIDAY),
            DayEntry(date(2026, 1, 3), HOLIDAY),  # Saturday inside the holiday
            DayEntry(date(2026, 1, 4), WORKDAY),  # Sunday worked
            DayEntry(date(2026, 2, 14), WORKDAY),  # Saturday worked
            DayEntry(
                date(2026, 2, 15), HOLIDAY
            ),  # Sunday, first day of Spring Festival
        ]
        self.assertEqual(find_entry_errors(2026, entries), [])

    def test_each_faulty_row_gets_a_chinese_message(self):
        """Another year's day, a weekday 调休, a duplicate and a conflicting kind are named."""
        cases = [
            (
                [DayEntry(date(2026, 12, 31), HOLIDAY)],
                "2026年12月31日（星期四）不在2027年内，只能录入到该年度的工作日历中。",
            ),
            (
                [DayEntry(date(2027, 2, 3), WORKDAY)],
                "2027年2月3日（星期三）本来就是工作日，不能登记为调休上班日；调休上班日只能是星期六或星期日。",
            ),
            (
                [
                    DayEntry(date(2027, 2, 6), HOLIDAY),
                    DayEntry(date(2027, 2, 6), HOLIDAY),
                ],
                "2027年2月6日（星期六）重复录入，请删除多余的一行。",
            ),
            (
                [
                    DayEntry(date(2027, 2, 6), HOLIDAY),
                    DayEntry(date(2027, 2, 6), WORKDAY),
                ],
                "2027年2月6日（星期六）不能既是放假日又是调休上班日，请只保留一行。",
            ),
        ]
        for entries, message in cases:
            with self.subTest(message=message):
                entries = [DayEntry(date(2027, 1, 1), HOLIDAY), *entries]
                errors = find_entry_errors(2027, entries)
                self.assertEqual(errors, [EntryError(len(entries) - 1, message)])

    def test_a_year_without_holidays_is_refused(self):
        """Every year has official days off, so a year of only 调休 days (or none) is an error."""
        for entries in ([], [DayEntry(date(2027, 2, 6), WORKDAY)]):
            with self.subTest(entries=entries):
                self.assertEqual(
                    find_entry_errors(2027, entries),
                    [
                        EntryError(
                            None,
                            "2027年没有录入任何放假日期。每年都有元旦、春节等法定节假日，"
                            "请按国务院办公厅的放假通知逐日录入。",
                        )
                    ],
                )

    def test_only_the_repeated_row_is_marked(self):
        """The first of two equal rows is kept; the error points at the later one."""
        entries = [
            DayEntry(date(2027, 1, 1), HOLIDAY),
            DayEntry(date(2027, 1, 1), HOLIDAY),
            DayEntry(date(2027, 1, 1), HOLIDAY),
        ]
        self.assertEqual(
            [error.index for error in find_entry_errors(2027, entries)], [1, 2]
        )
