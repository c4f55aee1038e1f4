from datetime import date
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from gongkai.workdays.enums import DayKind
from gongkai.workdays.models import CalendarYear
from gongkai.workdays.selectors import clear_calendar_cache, get_calendar

from .factories import SAMPLE_2027_HOLIDAYS, enter_calendar_year

ADD_URL = "wagtailsnippets_workdays_calendaryear:add"
EDIT_URL = "wagtailsnippets_workdays_calendaryear:edit"


def year_form(year, days, *, source="国办发明电〔2026〕1号", initial=0):
    return nested_form_data(
        {
            "year": str(year),
            "source": source,
            "note": "",
            "days": inline_formset(days, initial=initial),
        }
    )


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            username="office", email="office@example.com", password="x"
        )

    def setUp(self):
        self.client.force_login(self.user)
        clear_calendar_cache()
        self.addCleanup(clear_calendar_cache)


class CalendarYearSnippetTests(AdminTestCase):
    def test_superuser_enters_a_year_with_its_days(self):
        """The snippet form saves the year, its days and who entered it; deadlines use it at once."""
        days = [
            {"day": "2027-01-01", "kind": DayKind.HOLIDAY, "name": "元旦"},
            {"day": "2027-01-02", "kind": DayKind.HOLIDAY, "name": "元旦"},
            {"day": "2027-01-03", "kind": DayKind.HOLIDAY, "name": "元旦"},
            {"day": "2027-01-09", "kind": DayKind.WORKDAY, "name": ""},
        ]
        response = self.client.post(reverse(ADD_URL), year_form(2027, days))
        self.assertEqual(response.status_code, 302)
        calendar_year = CalendarYear.objects.get(year=2027)
        self.assertEqual(calendar_year.entered_by, self.user)
        self.assertEqual(calendar_year.days.count(), 4)
        self.assertEqual(
            get_calendar().add_working_days(date(2026, 12, 31), 6), date(2027, 1, 9)
        )

    def test_bad_rows_get_chinese_errors_and_the_form_is_kept(self):
        """Nothing is saved; each bad row is named and the typed values come back."""
        days = [
            {"day": "2027-01-01", "kind": DayKind.HOLIDAY, "name": "元旦"},
            {"day": "2026-12-31", "kind": DayKind.HOLIDAY, "name": "跨年"},
            {"day": "2027-02-03", "kind": DayKind.WORKDAY, "name": ""},
            {"day": "2027-01-01", "kind": DayKind.WORKDAY, "name": ""},
            {"day": "2027-01-02", "kind": DayKind.HOLIDAY, "name": ""},
            {"day": "2027-01-02", "kind": DayKind.HOLIDAY, "name": ""},
        ]
        response = self.client.post(
            reverse(ADD_URL), year_form(2027, days, source="待核对的通知")
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CalendarYear.objects.exists())
        for message in (
            "2026年12月31日（星期四）不在2027年内",
            "2027年2月3日（星期三）本来就是工作日，不能登记为调休上班日",
            "2027年1月1日（星期五）不能既是放假日又是调休上班日",
            "2027年1月2日（星期六）重复录入，请删除多余的一行。",
        ):
            with self.subTest(message=message):
                self.assertContains(response, message)
        self.assertNotContains(
            response, "重复数据"
        )  # Django's own formset message is replaced
        self.assertContains(response, "待核对的通知")
        self.assertContains(response, "跨年")

    def test_a_year_without_holidays_is_refused(self):
        """A year with only a 调休 day is refused with a message for the whole year."""
        days = [{"day": "2027-01-09", "kind": DayKind.WORKDAY, "name": ""}]
        response = self.client.post(reverse(ADD_URL), year_form(2027, days))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "2027年没有录入任何放假日期")
        self.assertFalse(CalendarYear.objects.exists())

    def test_an_unreadable_date_gets_only_its_own_error(self):
        """A mistyped date is named; the year is not also blamed for lacking holidays."""
        days = [{"day": "2027-02-30", "kind": DayKind.HOLIDAY, "name": "春节"}]
        response = self.client.post(reverse(ADD_URL), year_form(2027, days))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "有效的日期")
        self.assertNotContains(response, "没有录入任何放假日期")
        self.assertContains(response, "2027-02-30")

    def test_a_year_entered_twice_is_refused(self):
        """The year is unique; the second entry is refused, not merged."""
        enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        days = [{"day": "2027-01-01", "kind": DayKind.HOLIDAY, "name": ""}]
        response = self.client.post(reverse(ADD_URL), year_form(2027, days))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "年份")
        self.assertContains(response, "已存在")
        self.assertEqual(CalendarYear.objects.count(), 1)

    def test_editing_a_year_replaces_its_days(self):
        """Removing a row in the edit view makes that day an ordinary day again."""
        calendar_year = enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        rows = [
            {
                "id": str(day.pk),
                "day": day.day.isoformat(),
                "kind": day.kind,
                "name": "",
            }
            for day in calendar_year.days.order_by("day")
        ]
        rows[0]["DELETE"] = "1"  # 2027-01-01, a Friday
        response = self.client.post(
            reverse(EDIT_URL, args=[calendar_year.pk]),
            year_form(2027, rows, initial=len(rows)),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(calendar_year.days.count(), 2)
        self.assertIs(get_calendar().is_working_day(date(2027, 1, 1)), True)

    def test_index_lists_entered_years(self):
        """The 工作日历 listing shows each entered year."""
        enter_calendar_year(
            2027, holidays=SAMPLE_2027_HOLIDAYS, source="国办发明电〔2026〕1号"
        )
        response = self.client.get(
            reverse("wagtailsnippets_workdays_calendaryear:list")
        )
        self.assertContains(response, "2027年工作日历")
        self.assertContains(response, "国办发明电〔2026〕1号")


@mock.patch("gongkai.workdays.wagtail_hooks.localdate")
class MissingYearsPanelTests(AdminTestCase):
    def test_november_warns_that_next_year_is_not_entered(self, localdate):
        """From November, the dashboard says next year's calendar is missing and links to the form."""
        localdate.return_value = date(2026, 11, 27)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "2027年工作日历尚未录入")
        self.assertContains(response, reverse(ADD_URL))

    def test_no_warning_once_entered_or_before_november(self, localdate):
        """Nothing is shown when the year is entered, or before the notice is due."""
        cases = [(date(2026, 6, 1), False), (date(2026, 11, 27), True)]
        for today, enter_2027 in cases:
            with self.subTest(today=today):
                localdate.return_value = today
                if enter_2027:
                    enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
                response = self.client.get(reverse("wagtailadmin_home"))
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "工作日历尚未录入")
