"""补正: the 7-working-day notice limit, once only, closing when not corrected."""

from datetime import date

from gongkai.applications import services
from gongkai.applications.enums import ResultType, Status
from gongkai.applications.tests.factories import ServiceTestCase

Error = services.ApplicationError


class CorrectionTests(ServiceTestCase):
    def test_notice_limit_is_the_seventh_working_day(self):
        """Received 25 Sep 2025: Sat 11 Oct (调休) is the last day; Mon 13 Oct is late."""
        late = self.received()
        with self.assertRaisesMessage(Error, "最迟2025-10-11"):
            self.act(
                services.request_correction,
                late,
                items="x",
                requested_on=date(2025, 10, 13),
            )
        in_time = self.received()
        self.act(
            services.request_correction,
            in_time,
            items="x",
            requested_on=date(2025, 10, 11),
        )
        self.assertEqual(in_time.status, Status.AWAITING_CORRECTION)

    def test_correction_only_once(self):
        application = self.received()
        self.act(
            services.request_correction,
            application,
            items="x",
            requested_on=date(2025, 9, 26),
        )
        self.act(
            services.record_correction, application, corrected_on=date(2025, 9, 29)
        )
        with self.assertRaisesMessage(Error, "补正只能告知一次"):
            self.act(
                services.request_correction,
                application,
                items="y",
                requested_on=date(2025, 9, 30),
            )

    def test_default_correction_period_and_closing_when_not_corrected(self):
        """Default period 15 working days (30 Sep -> 28 Oct 2025); closing is refused
        until it has passed, then records 其他处理 1."""
        application = self.received()
        self.act(
            services.request_correction,
            application,
            items="x",
            requested_on=date(2025, 9, 30),
        )
        self.assertEqual(application.correction_due_on, date(2025, 10, 28))
        with self.assertRaisesMessage(Error, "尚未届满"):
            self.act(
                services.close_for_missing_correction,
                application,
                closed_on=date(2025, 10, 28),
            )
        self.act(
            services.close_for_missing_correction,
            application,
            closed_on=date(2025, 10, 29),
        )
        self.assertEqual(
            (application.status, application.result_type),
            (Status.CLOSED, ResultType.OTHER_NO_CORRECTION),
        )

    def test_record_correction_needs_a_pending_request(self):
        with self.assertRaisesMessage(Error, "不在待补正状态"):
            self.act(
                services.record_correction,
                self.received(),
                corrected_on=date(2025, 9, 29),
            )


class CorrectionAtTheYearEndTests(ServiceTestCase):
    """Received Thu 24 Dec 2026, whose 7th working day falls in 2027 (not entered)."""

    def setUp(self):
        from unittest import mock

        patcher = mock.patch(
            "gongkai.applications.services.common.today",
            return_value=date(2026, 12, 31),
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_in_time_by_the_working_days_already_elapsed(self):
        """Tue 29 Dec is the 3rd working day: in time, with the period typed as a date."""
        application = self.received(on=date(2026, 12, 24))
        self.act(
            services.request_correction,
            application,
            items="请写明文件名称",
            requested_on=date(2026, 12, 29),
            correction_due_on=date(2027, 1, 22),
        )
        application.refresh_from_db()
        self.assertEqual(application.status, Status.AWAITING_CORRECTION)
        self.assertEqual(application.correction_due_on, date(2027, 1, 22))

    def test_default_period_needs_the_coming_calendar_and_says_so(self):
        application = self.received(on=date(2026, 12, 24))
        with self.assertRaisesMessage(
            Error, "2027年工作日历尚未录入，无法计算默认的补正期限"
        ):
            self.act(
                services.request_correction,
                application,
                items="请写明文件名称",
                requested_on=date(2026, 12, 29),
            )
        application.refresh_from_db()
        self.assertEqual(application.status, Status.IN_PROGRESS)
