from django.test import SimpleTestCase

from gongkai.applications.fees import (
    per_page_fee,
    per_request_fee,
    per_request_unit_price,
)


class PerRequestFeeTests(SimpleTestCase):
    def test_unit_price_by_position_in_the_month(self):
        """109号 Art. 4: ≤10 free; 11-30 ¥100; each further band of 10 adds ¥100."""
        cases = [
            (1, 0),
            (10, 0),
            (11, 100),
            (30, 100),
            (31, 200),
            (40, 200),
            (41, 300),
            (50, 300),
            (51, 400),
        ]
        for position, price in cases:
            with self.subTest(position=position):
                self.assertEqual(per_request_unit_price(position), price)

    def test_fee_sums_the_prices_of_this_application_requests(self):
        """Progressive: only the 件 beyond each threshold cost more."""
        cases = [
            (0, 1, 0),
            (9, 2, 100),  # the 10th is free, the 11th costs 100
            (10, 1, 100),
            (28, 5, 2 * 100 + 3 * 200),  # 29-30 at 100, 31-33 at 200
            (0, 45, 20 * 100 + 10 * 200 + 5 * 300),
        ]
        for earlier, requests, amount in cases:
            with self.subTest(earlier=earlier, requests=requests):
                self.assertEqual(
                    per_request_fee(earlier_requests=earlier, requests=requests), amount
                )

    def test_bad_counts_are_refused(self):
        with self.assertRaises(ValueError):
            per_request_fee(earlier_requests=0, requests=0)


class PerPageFeeTests(SimpleTestCase):
    def test_progressive_bands(self):
        """109号 Art. 5: ≤30 free; 31-100 ¥10; 101-200 ¥20; ≥201 ¥40 per page."""
        cases = [
            (1, 0),
            (30, 0),
            (31, 10),
            (100, 700),
            (101, 720),
            (150, 1700),
            (200, 2700),
            (201, 2740),
            (250, 4700),
        ]
        for pages, amount in cases:
            with self.subTest(pages=pages):
                self.assertEqual(per_page_fee(pages), amount)
