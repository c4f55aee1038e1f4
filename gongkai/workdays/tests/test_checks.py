from datetime import date
from unittest import mock

from django.test import SimpleTestCase, TestCase, override_settings

from gongkai.workdays.checks import check_settings, check_years_entered
from gongkai.workdays.selectors import clear_calendar_cache

from .factories import SAMPLE_2027_HOLIDAYS, enter_calendar_year


class CheckSettingsTests(SimpleTestCase):
    def test_only_booleans_pass(self):
        """A string such as "False" would read as true, so it is an error."""
        cases = [
            (True, []),
            (False, []),
            ("False", ["gongkai_workdays.E001"]),
            (0, ["gongkai_workdays.E001"]),
        ]
        for value, expected in cases:
            with (
                self.subTest(value=value),
                override_settings(GONGKAI_WORKDAYS_COUNT_DAY_OF_RECEIPT=value),
            ):
                self.assertEqual(
                    [message.id for message in check_settings(None)], expected
                )


@mock.patch("gongkai.workdays.checks.localdate")
class CheckYearsEnteredTests(TestCase):
    databases = {"default"}

    def setUp(self):
        clear_calendar_cache()
        self.addCleanup(clear_calendar_cache)

    def test_warns_in_november_until_next_year_is_entered(self, localdate):
        """W001 names the missing year, and goes once the year is entered."""
        localdate.return_value = date(2026, 11, 27)
        messages = check_years_entered(None, databases=["default"])
        self.assertEqual(
            [message.id for message in messages], ["gongkai_workdays.W001"]
        )
        self.assertIn("2027年工作日历尚未录入", messages[0].msg)
        enter_calendar_year(2027, holidays=SAMPLE_2027_HOLIDAYS)
        self.assertEqual(check_years_entered(None, databases=["default"]), [])

    def test_silent_without_database_or_before_november(self, localdate):
        """The check needs the database; and in October there is nothing to enter yet."""
        localdate.return_value = date(2026, 11, 27)
        self.assertEqual(check_years_entered(None, databases=None), [])
        localdate.return_value = date(2026, 10, 31)
        self.assertEqual(check_years_entered(None, databases=["default"]), [])
