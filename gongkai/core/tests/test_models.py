from django.core.exceptions import ValidationError
from django.test import TestCase

from gongkai.core.enums import OrganisationKind
from gongkai.core.models import Organisation


def build_organisation(**fields):
    values = {
        "name": "金华市金东区人民政府办公室",
        "kind": OrganisationKind.DEPARTMENT,
        "code": "11330703728895273B",
    }
    values.update(fields)
    return Organisation(**values)


class OrganisationCleanTests(TestCase):
    def test_valid_organisations_pass(self):
        """Codes of each scheme, the seed's 6-digit serial and the width limits are accepted."""
        cases = [
            {
                "kind": OrganisationKind.GOVERNMENT,
                "code": "330703000000",
                "serial_width": 6,
            },
            {"kind": OrganisationKind.TOWNSHIP, "code": "330703101000"},
            {"kind": OrganisationKind.DEPARTMENT, "code": "728895273"},
            {"kind": OrganisationKind.OTHER, "code": "1133070000259288XD"},
            {"serial_width": 3},
            {"serial_width": 8},
            {"index_number_format": "{code}-{year}-{serial}"},
        ]
        for fields in cases:
            with self.subTest(**fields):
                build_organisation(**fields).full_clean()

    def test_code_is_stripped_and_upper_cased(self):
        """A pasted code with spaces or a lower-case check character is normalised."""
        cases = [
            ("1133070000259288xd", "1133070000259288XD"),
            (" 00259288x ", "00259288X"),
        ]
        for code, expected in cases:
            with self.subTest(code=code):
                organisation = build_organisation(code=code)
                organisation.full_clean()
                self.assertEqual(organisation.code, expected)

    def test_invalid_fields_get_chinese_messages(self):
        """Each invalid field gets its own message, attached to that field."""
        cases = [
            (
                {"code": "72889527-3"},
                "code",
                "组织机构代码应为9位（8位数字或大写字母加1位校验码，不含连字符），当前为“72889527-3”。",
            ),
            ({"code": "728895274"}, "code", "组织机构代码“728895274”的校验码不正确。"),
            (
                {"code": "11330703728895273C"},
                "code",
                "统一社会信用代码“11330703728895273C”的校验码不正确。",
            ),
            (
                {"kind": OrganisationKind.GOVERNMENT, "code": "3307030000"},
                "code",
                "行政区划代码应为12位数字（如 330703000000），当前为“3307030000”。",
            ),
            (
                {"kind": OrganisationKind.TOWNSHIP, "code": "330000000000"},
                "code",
                "“330000000000”不是有效的县级以下行政区划代码：前6位应为区县代码。",
            ),
            (
                {"index_number_format": "{code}-{serial}"},
                "index_number_format",
                "索引号格式必须包含 {code}、{year} 和 {serial}。",
            ),
            (
                {"index_number_format": "{code}/{year}-{serial}/{unit}"},
                "index_number_format",
                "索引号格式只能使用 {code}、{year}、{serial} 三个占位符。",
            ),
            (
                {"index_number_format": "{code}/{year}-{serial:06d}"},
                "index_number_format",
                "索引号格式必须包含 {code}、{year} 和 {serial}。",
            ),
            ({"serial_width": 2}, "serial_width", "流水号位数应在3到8之间。"),
            ({"serial_width": 9}, "serial_width", "流水号位数应在3到8之间。"),
        ]
        for fields, field, message in cases:
            with self.subTest(**fields):
                with self.assertRaises(ValidationError) as caught:
                    build_organisation(**fields).full_clean()
                self.assertEqual(caught.exception.message_dict, {field: [message]})

    def test_all_invalid_fields_are_reported_together(self):
        """One save attempt lists every problem, not only the first."""
        organisation = build_organisation(
            code="123", index_number_format="{code}", serial_width=1
        )
        with self.assertRaises(ValidationError) as caught:
            organisation.full_clean()
        self.assertEqual(
            sorted(caught.exception.message_dict),
            ["code", "index_number_format", "serial_width"],
        )
