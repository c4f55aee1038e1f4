from django.test import SimpleTestCase

from gongkai.core.organisation_codes import (
    OrganisationCodeError,
    organisation_code_check_char,
    uscc_check_char,
    validate_area_code,
    validate_code_for_kind,
    validate_organisation_code,
    validate_uscc,
)


class CheckCharTests(SimpleTestCase):
    def test_check_chars_match_published_codes(self):
        """The GB 11714 and GB 32100 check characters of real codes are reproduced."""
        cases = [
            (
                organisation_code_check_char,
                "72889527",
                "3",
            ),  # 金东区政府办公室 72889527-3
            (organisation_code_check_char, "00001434", "9"),  # 国务院办公厅 000014349
            (organisation_code_check_char, "00259288", "X"),  # remainder 10 → X
            (organisation_code_check_char, "72880000", "0"),  # remainder 11 → 0
            (organisation_code_check_char, "MA2E7T6Q", "1"),  # letters count 10–35
            (uscc_check_char, "11330703728895273", "B"),
            (uscc_check_char, "1133070000259288X", "D"),
            (uscc_check_char, "91330700000000027", "0"),  # 31 → 0
        ]
        for check_char, body, expected in cases:
            with self.subTest(body=body):
                self.assertEqual(check_char(body), expected)


class ValidateCodeForKindTests(SimpleTestCase):
    def test_accepts_valid_codes_of_each_kind(self):
        """Area codes and USCCs code governments; 组织机构代码 and USCCs code departments."""
        cases = [
            ("330703000000", "government"),  # 金东区 area code
            ("330703000000", "township"),
            ("330700000000", "government"),  # city level: 金华市
            ("330703101000", "township"),  # a township below 金东区
            ("11330703728895273B", "government"),
            ("11330703728895273B", "department"),
            ("1133070000259288XD", "department"),
            ("1133070000259288XD", "other"),
            ("728895273", "department"),
            ("000014349", "department"),
            ("00259288X", "other"),
            ("MA2E7T6Q1", "department"),
        ]
        for code, kind in cases:
            with self.subTest(code=code, kind=kind):
                validate_code_for_kind(code, kind)

    def test_rejects_invalid_codes_with_a_chinese_message(self):
        """Each invalid code names the expected shape or the failing check character."""
        cases = [
            # 行政区划代码
            ("33070300000", "government", "行政区划代码应为12位数字"),
            ("3307030000000", "township", "行政区划代码应为12位数字"),
            ("33070300000A", "government", "行政区划代码应为12位数字"),
            (
                "33０７０３000000",
                "government",
                "行政区划代码应为12位数字",
            ),  # full-width digits
            ("990703000000", "government", "不是有效的县级以下行政区划代码"),
            ("330000000000", "government", "不是有效的县级以下行政区划代码"),
            # 组织机构代码
            ("72889527-3", "department", "组织机构代码应为9位"),
            ("72889527", "department", "组织机构代码应为9位"),
            ("728895273 ", "department", "组织机构代码应为9位"),
            ("728895274", "department", "组织机构代码“728895274”的校验码不正确。"),
            ("00259288Y", "department", "组织机构代码应为9位"),
            ("330703000000", "department", "组织机构代码应为9位"),  # an area code
            # 统一社会信用代码
            (
                "11330703728895273A",
                "department",
                "统一社会信用代码“11330703728895273A”的校验码不正确。",
            ),
            (
                "11330703728895273A",
                "government",
                "统一社会信用代码“11330703728895273A”的校验码不正确。",
            ),
            (
                "1133070372889527OB",
                "department",
                "统一社会信用代码应为18位数字或大写字母",
            ),
            (
                "11330703728895273b",
                "department",
                "统一社会信用代码应为18位数字或大写字母",
            ),
            ("", "department", "组织机构代码应为9位"),
            ("", "government", "行政区划代码应为12位数字"),
        ]
        for code, kind, message in cases:
            with (
                self.subTest(code=code, kind=kind),
                self.assertRaisesMessage(OrganisationCodeError, message),
            ):
                validate_code_for_kind(code, kind)

    def test_message_quotes_the_code(self):
        """The message repeats the rejected code so the editor sees what was read."""
        cases = [
            (validate_area_code, "3307", "当前为“3307”"),
            (validate_organisation_code, "72889527-3", "当前为“72889527-3”"),
            (validate_uscc, "1133070372889527", "当前为“1133070372889527”"),
        ]
        for validate, code, message in cases:
            with (
                self.subTest(code=code),
                self.assertRaisesMessage(OrganisationCodeError, message),
            ):
                validate(code)
