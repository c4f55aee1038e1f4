from datetime import date

from django.test import TestCase

from gongkai.workdays.calendar import YearSchedule
from gongkai.workdays.enums import DayKind
from gongkai.workdays.models import CalendarDay

from .factories import enter_calendar_year


class CalendarYearTests(TestCase):
    def test_to_schedule_splits_days_by_kind(self):
        """Holidays and make-up workdays go to their own sets of the year's schedule."""
        calendar_year = enter_calendar_year(
            2027, holidays=[date(2027, 1, 1)], workdays=[date(2027, 1, 9)]
        )
        self.assertEqual(
            calendar_year.to_schedule(),
            YearSchedule(
                2027, holidays={date(2027, 1, 1)}, workdays={date(2027, 1, 9)}
            ),
        )

    def test_labels_are_chinese(self):
        """The year and its rows read as they do in the admin."""
        calendar_year = enter_calendar_year(2027, holidays=[date(2027, 1, 1)])
        CalendarDay.objects.filter(day=date(2027, 1, 1)).update(name="元旦")
        self.assertEqual(str(calendar_year), "2027年工作日历")
        self.assertEqual(str(calendar_year.days.get()), "2027-01-01 放假 元旦")
        self.assertEqual(DayKind.WORKDAY.label, "调休上班")
