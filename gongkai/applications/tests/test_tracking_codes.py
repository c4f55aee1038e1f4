from django.test import SimpleTestCase

from gongkai.applications.tracking_codes import (
    ALPHABET,
    format_tracking_code,
    new_tracking_code,
    normalise_tracking_code,
)


class TrackingCodeTests(SimpleTestCase):
    def test_codes_are_random_and_unambiguous(self):
        """12 characters, none of 0 O 1 I L U, practically never repeated."""
        codes = {new_tracking_code() for _ in range(2000)}
        self.assertEqual(len(codes), 2000)
        for code in codes:
            self.assertEqual(len(code), 12)
            self.assertFalse(set(code) & set("0O1ILU"))
            self.assertTrue(set(code) <= set(ALPHABET))

    def test_display_form_is_grouped(self):
        self.assertEqual(format_tracking_code("ABCD2345EFGH"), "GK-ABCD-2345-EFGH")

    def test_typed_forms_are_normalised(self):
        for typed in [
            "GK-ABCD-2345-EFGH",
            "gk abcd 2345 efgh",
            "abcd2345efgh",
            "ABCD-2345-EFGH",
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(normalise_tracking_code(typed), "ABCD2345EFGH")
        for typed in ["", "ABCD", "ABCD2345EFG0", "GK-ABCD-2345-EFGH-X"]:
            with self.subTest(typed=typed):
                self.assertIsNone(normalise_tracking_code(typed))
