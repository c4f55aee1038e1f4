from django.test import SimpleTestCase

from gongkai.applications.identifiers import (
    IdentifierError,
    mask_id_number,
    mask_phone,
    phone_tail,
    validate_id_number,
    validate_phone,
)
from gongkai.applications.tests.factories import RESIDENT_ID, USCC


class IdNumberTests(SimpleTestCase):
    def test_valid_numbers_pass(self):
        for id_type, number in [
            ("resident_id", RESIDENT_ID),
            ("resident_id", "11010519491231002X"),
            ("uscc", USCC),
            ("passport", "E12345678"),
        ]:
            with self.subTest(number=number):
                validate_id_number(id_type, number)

    def test_bad_numbers_say_what_is_wrong(self):
        wrong_check = RESIDENT_ID[:17] + ("0" if RESIDENT_ID[17] != "0" else "1")
        cases = [
            ("resident_id", wrong_check, "校验码不正确"),
            ("resident_id", "33070219901301123X", "出生日期不正确"),
            ("resident_id", "3307021990", "应为18位"),
            (
                "resident_id",
                "３３０７０２１９９００３０７１２３４",
                "应为18位",
            ),  # full-width digits
            ("uscc", USCC[:17] + ("0" if USCC[17] != "0" else "1"), "校验码不正确"),
            ("passport", "E1", "5至30位"),
        ]
        for id_type, number, message in cases:
            with (
                self.subTest(number=number),
                self.assertRaisesMessage(IdentifierError, message),
            ):
                validate_id_number(id_type, number)


class PhoneTests(SimpleTestCase):
    def test_mobile_and_landline_numbers(self):
        for phone in [
            "13812345678",
            "0579-82345678",
            "057982345678",
            "010-12345678-123",
        ]:
            with self.subTest(phone=phone):
                validate_phone(phone)
        for phone in ["1381234567", "12812345678", "82345678", "abc"]:
            with self.subTest(phone=phone), self.assertRaises(IdentifierError):
                validate_phone(phone)

    def test_tail_is_the_last_four_digits(self):
        self.assertEqual(phone_tail("0579-8234 5678"), "5678")


class MaskingTests(SimpleTestCase):
    def test_masks(self):
        """The middle is starred; the length is kept."""
        cases = [
            (mask_id_number("330702199003071234"), "330702********1234"),
            (mask_id_number(USCC), USCC[:6] + "********" + USCC[-4:]),
            (mask_id_number("E12345678"), "*******78"),
            (mask_phone("13812345678"), "138****5678"),
            (mask_phone("0579-82345678"), "057******5678"),
        ]
        for masked, expected in cases:
            with self.subTest(expected=expected):
                self.assertEqual(masked, expected)
