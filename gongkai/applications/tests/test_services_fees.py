"""Fee notices: one scheme, the month's count, the payment window."""

from datetime import date
from decimal import Decimal

from gongkai.applications import services
from gongkai.applications.enums import ResultType
from gongkai.applications.tests.factories import ServiceTestCase, register

Error = services.ApplicationError


class FeeTests(ServiceTestCase):
    def test_one_scheme_only(self):
        """A second notice is refused, whatever its scheme (109号 Art. 3)."""
        application = self.received()
        self.act(
            services.issue_fee_notice,
            application,
            scheme="per_page",
            quantity=40,
            issued_on=date(2025, 9, 26),
        )
        self.act(services.record_fee_paid, application, paid_on=date(2025, 9, 29))
        for scheme in ("per_request", "per_page"):
            with (
                self.subTest(scheme=scheme),
                self.assertRaisesMessage(Error, "只能按一种标准收费一次"),
            ):
                self.act(
                    services.issue_fee_notice,
                    application,
                    scheme=scheme,
                    quantity=50,
                    issued_on=date(2025, 9, 30),
                )

    def test_nothing_due_is_no_notice(self):
        with self.assertRaisesMessage(Error, "未超过免费额度"):
            self.act(
                services.issue_fee_notice,
                self.received(),
                scheme="per_page",
                quantity=30,
            )

    def test_per_request_counts_the_applicant_month(self):
        """The 12th application of October 2025 by one applicant costs ¥100; other
        applicants' and September's applications do not count."""
        self.received(on=date(2025, 9, 30))
        register(
            self.department,
            self.officer,
            received_on=date(2025, 10, 9),
            applicant_name="李四",
            id_number="11010519491231002X",
        )
        for _ in range(11):
            self.received(on=date(2025, 10, 9))
        twelfth = self.received(on=date(2025, 10, 10))
        notice = self.act(
            services.issue_fee_notice,
            twelfth,
            scheme="per_request",
            quantity=1,
            issued_on=date(2025, 10, 13),
        )
        self.assertEqual((notice.earlier_requests, notice.amount), (11, Decimal(100)))

    def test_late_payment_and_early_closing_are_refused(self):
        """Pay by Wed 30 Oct 2024 (notice Fri 27 Sep); close only from 31 Oct (其他处理 2)."""
        application = self.received(on=date(2024, 9, 26))
        self.act(
            services.issue_fee_notice,
            application,
            scheme="per_page",
            quantity=31,
            issued_on=date(2024, 9, 27),
        )
        with self.assertRaisesMessage(Error, "已超过缴费期限（2024-10-30）"):
            self.act(services.record_fee_paid, application, paid_on=date(2024, 10, 31))
        with self.assertRaisesMessage(Error, "尚未届满"):
            self.act(
                services.close_for_unpaid_fee, application, closed_on=date(2024, 10, 30)
            )
        self.act(
            services.close_for_unpaid_fee, application, closed_on=date(2024, 10, 31)
        )
        self.assertEqual(application.result_type, ResultType.OTHER_FEE_UNPAID)

    def test_reply_waits_for_payment(self):
        application = self.received()
        self.act(
            services.issue_fee_notice,
            application,
            scheme="per_page",
            quantity=31,
            issued_on=date(2025, 9, 26),
        )
        with self.assertRaisesMessage(Error, "尚未缴纳信息处理费"):
            self.act(services.reply, application, result_type=ResultType.DISCLOSED)


class PerAgencyCountTests(ServiceTestCase):
    def test_requests_are_counted_per_administrative_organ(self):
        """10 件 to one 行政机关 in a month, then the first to another one is free."""
        from gongkai.applications.services.fees import count_earlier_requests
        from gongkai.applications.tests.factories import (
            create_department,
            create_officer,
        )

        for _ in range(10):
            self.received(on=date(2025, 10, 9))
        other = create_department(name="区自然资源局", short_name="区自然资源局")
        other_officer = create_officer(other)
        first_elsewhere = register(other, other_officer, received_on=date(2025, 10, 10))
        self.assertEqual(count_earlier_requests(first_elsewhere), 0)
        with self.assertRaisesMessage(Error, "未超过免费额度"):
            services.issue_fee_notice(
                application=first_elsewhere,
                acting_user=other_officer,
                scheme="per_request",
                quantity=1,
            )
        eleventh_here = self.received(on=date(2025, 10, 10))
        self.assertEqual(count_earlier_requests(eleventh_here), 10)
