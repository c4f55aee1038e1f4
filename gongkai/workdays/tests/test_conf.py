from django.test import SimpleTestCase, override_settings

from gongkai.workdays import conf


class CountDayOfReceiptTests(SimpleTestCase):
    def test_day_of_receipt_is_not_counted_by_default(self):
        """Without the setting, counting starts the day after receipt (民法典 Art.201 reading)."""
        self.assertIs(conf.count_day_of_receipt(), False)

    @override_settings(GONGKAI_WORKDAYS_COUNT_DAY_OF_RECEIPT=True)
    def test_setting_is_read_when_called(self):
        """A deployment can count the day of receipt; the value is read on each call."""
        self.assertIs(conf.count_day_of_receipt(), True)


class CacheSecondsTests(SimpleTestCase):
    def test_default_and_override(self):
        """Other processes reread the calendar every 5 minutes unless configured."""
        self.assertEqual(conf.cache_seconds(), 300)
        with self.settings(GONGKAI_WORKDAYS_CACHE_SECONDS=0):
            self.assertEqual(conf.cache_seconds(), 0)
