from django.test import SimpleTestCase, override_settings

from gongkai.applications.checks import check_settings


class SettingsCheckTests(SimpleTestCase):
    def test_defaults_pass(self):
        self.assertEqual(check_settings(), [])

    @override_settings(
        GONGKAI_APPLICATIONS_CORRECTION_WORKING_DAYS=0,
        GONGKAI_APPLICATIONS_DUE_SOON_WORKING_DAYS="x",
    )
    def test_bad_values_are_reported(self):
        self.assertEqual(
            [error.id for error in check_settings()], ["gongkai_applications.E001"] * 2
        )

    @override_settings(GONGKAI_TRANSFER_CLOCK="pause")
    def test_an_unknown_transfer_clock_is_reported(self):
        self.assertEqual(
            [error.id for error in check_settings()], ["gongkai_applications.E002"]
        )
