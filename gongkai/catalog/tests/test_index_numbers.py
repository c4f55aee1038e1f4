from django.test import SimpleTestCase

from gongkai.catalog.index_numbers import (
    IndexNumberParts,
    format_index_number,
    parse_index_number,
)
from gongkai.core.models import DEFAULT_INDEX_NUMBER_FORMAT


class FormatIndexNumberTests(SimpleTestCase):
    def test_renders_published_numbers(self):
        """The default format reproduces real numbers with 5- and 6-digit serials."""
        cases = [
            (
                "000014349",
                2017,
                110,
                5,
                "000014349/2017-00110",
            ),  # 国办, national scheme
            ("11330703728895273B", 2025, 9340, 5, "11330703728895273B/2025-09340"),
            ("1133070000259288XD", 2024, 121142, 6, "1133070000259288XD/2024-121142"),
            ("330703000000", 2023, 153702, 6, "330703000000/2023-153702"),  # the seed
            ("330703000000", 2023, 1, 6, "330703000000/2023-000001"),
        ]
        for code, year, serial, width, expected in cases:
            with self.subTest(expected=expected):
                self.assertEqual(
                    format_index_number(
                        DEFAULT_INDEX_NUMBER_FORMAT,
                        code=code,
                        year=year,
                        serial=serial,
                        width=width,
                    ),
                    expected,
                )

    def test_serial_wider_than_width_is_kept_whole(self):
        """A counter past 99999 keeps counting instead of wrapping or truncating."""
        number = format_index_number(
            DEFAULT_INDEX_NUMBER_FORMAT,
            code="728895273",
            year=2025,
            serial=100000,
            width=5,
        )
        self.assertEqual(number, "728895273/2025-100000")

    def test_uses_the_organisation_template(self):
        """Placeholders may be arranged in any order with any separators."""
        number = format_index_number(
            "{year}.{code}.{serial}", code="728895273", year=2025, serial=7, width=4
        )
        self.assertEqual(number, "2025.728895273.0007")


class ParseIndexNumberTests(SimpleTestCase):
    def test_round_trips_formatted_numbers(self):
        """parse(format(parts)) gives the parts back, for widths 5 and 6 and wider serials."""
        templates = [
            DEFAULT_INDEX_NUMBER_FORMAT,
            "{code}-{year}-{serial}",
            "{year}/{code}/{serial}",
        ]
        cases = [
            ("728895273", 2025, 1, 5),
            ("00259288X", 2025, 99999, 5),
            ("11330703728895273B", 2025, 9340, 5),
            ("11330703728895273B", 2025, 123456, 5),
            ("330703000000", 2023, 153702, 6),
            ("1133070000259288XD", 2024, 7, 6),
            ("1133070000259288XD", 2024, 1234567, 6),
        ]
        for template in templates:
            for code, year, serial, width in cases:
                with self.subTest(
                    template=template, code=code, serial=serial, width=width
                ):
                    number = format_index_number(
                        template, code=code, year=year, serial=serial, width=width
                    )
                    self.assertEqual(
                        parse_index_number(template, number),
                        IndexNumberParts(code=code, year=year, serial=serial),
                    )

    def test_parses_published_numbers(self):
        """Real numbers from government sites parse into their parts."""
        cases = [
            (
                "11330703728895273B/2025-09340",
                IndexNumberParts("11330703728895273B", 2025, 9340),
            ),
            (
                "1133070000259288XD/2024-121142",
                IndexNumberParts("1133070000259288XD", 2024, 121142),
            ),
            (
                "330703000000/2023-153702",
                IndexNumberParts("330703000000", 2023, 153702),
            ),
            (" 000014349/2017-00110 ", IndexNumberParts("000014349", 2017, 110)),
        ]
        for number, expected in cases:
            with self.subTest(number=number):
                self.assertEqual(
                    parse_index_number(DEFAULT_INDEX_NUMBER_FORMAT, number), expected
                )

    def test_numbers_in_other_formats_do_not_parse(self):
        """Numbers from another scheme give None rather than wrong parts."""
        cases = [
            "330703-0100-2023-00001",  # a composite local scheme
            "11330703728895273B/25-09340",  # two-digit year
            "11330703728895273B/2025-12",  # serial shorter than any scheme's
            "11330703728895273B/2025/09340",  # other separator
            "1133/2025-09340",  # code too short
            "11330703728895273b/2025-09340",  # lower-case code
            "",
        ]
        for number in cases:
            with self.subTest(number=number):
                self.assertIsNone(
                    parse_index_number(DEFAULT_INDEX_NUMBER_FORMAT, number)
                )
