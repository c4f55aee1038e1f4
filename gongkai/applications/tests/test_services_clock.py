"""Consultations and extension moving the due date, on real 2025-2026 dates
(expected dates counted by hand in test_deadlines)."""

from datetime import date
from decimal import Decimal

from gongkai.applications import services
from gongkai.applications.enums import ResultType, Status
from gongkai.applications.tests.factories import ServiceTestCase

Error = services.ApplicationError


class CombinedDeadlineTests(ServiceTestCase):
    def test_correction_consultation_and_extension_move_the_due_date(self):
        """Received Thu 25 Sep 2025 (before National Day): due 29 Oct; corrected 10 Oct
        -> 6 Nov; consulted 20-24 Oct -> 12 Nov; extended 20 days -> 10 Dec."""
        application = self.received()
        self.assertEqual(application.due_on, date(2025, 10, 29))
        self.act(
            services.request_correction,
            application,
            items="请明确道路名称",
            requested_on=date(2025, 9, 30),
        )
        self.assertEqual(
            (application.status, application.due_on), (Status.AWAITING_CORRECTION, None)
        )
        self.act(
            services.record_correction,
            application,
            corrected_on=date(2025, 10, 10),
            changes={"title": "某镇环镇北路改造工程招标文件"},
        )
        self.assertEqual(application.due_on, date(2025, 11, 6))
        self.assertEqual(application.title, "某镇环镇北路改造工程招标文件")
        consultation = self.act(
            services.start_consultation,
            application,
            kind="third_party",
            party="某建设公司",
            started_on=date(2025, 10, 20),
        )
        self.assertEqual(consultation.reply_due_on, date(2025, 11, 10))
        services.finish_consultation(
            consultation=consultation,
            acting_user=self.officer,
            finished_on=date(2025, 10, 24),
            opinion="不同意公开报价部分",
        )
        application.refresh_from_db()
        self.assertEqual(application.due_on, date(2025, 11, 12))
        self.act(
            services.extend_deadline,
            application,
            working_days=20,
            approved_by="王主任",
            reason="需要会商",
            extended_on=date(2025, 11, 10),
        )
        self.assertEqual(application.due_on, date(2025, 12, 10))
        self.act(
            services.reply,
            application,
            result_type=ResultType.PARTIALLY_DISCLOSED,
            partial_reasons=[ResultType.WITHHELD_THIRD_PARTY],
            replied_on=date(2025, 12, 1),
        )
        self.assertEqual(
            (application.status, application.concluded_on),
            (Status.REPLIED, date(2025, 12, 1)),
        )
        kinds = list(application.events.values_list("kind", flat=True))
        self.assertEqual(
            kinds,
            [
                "registered",
                "receipt_confirmed",
                "correction_requested",
                "corrected",
                "consultation_started",
                "consultation_finished",
                "extended",
                "replied",
            ],
        )
        self.assertEqual(
            set(application.events.values_list("actor", flat=True)), {self.officer.pk}
        )

    def test_spring_festival_2026_with_fee_pause(self):
        """Received 4 Feb 2026; fee notice 10 Feb, paid 26 Feb: due 10 Mar -> 19 Mar."""
        application = self.received(on=date(2026, 2, 4))
        self.assertEqual(application.due_on, date(2026, 3, 10))
        notice = self.act(
            services.issue_fee_notice,
            application,
            scheme="per_page",
            quantity=120,
            issued_on=date(2026, 2, 10),
        )
        self.assertEqual(
            (notice.amount, notice.payment_due_on), (Decimal(1100), date(2026, 3, 16))
        )
        self.act(services.record_fee_paid, application, paid_on=date(2026, 2, 26))
        application.refresh_from_db()
        self.assertEqual(
            (application.status, application.due_on),
            (Status.IN_PROGRESS, date(2026, 3, 19)),
        )


class ExtensionTests(ServiceTestCase):
    def test_refusals(self):
        """Once only, 1-20 working days, with reason and approver, before the due date."""
        application = self.received()
        cases = [
            ({"working_days": 21, "approved_by": "王", "reason": "r"}, "1至20"),
            ({"working_days": 0, "approved_by": "王", "reason": "r"}, "1至20"),
            (
                {"working_days": 10, "approved_by": "", "reason": "r"},
                "批准延期的负责人",
            ),
            (
                {
                    "working_days": 10,
                    "approved_by": "王",
                    "reason": "r",
                    "extended_on": date(2025, 10, 30),
                },
                "已过",
            ),
        ]
        for kwargs, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesMessage(Error, message),
            ):
                self.act(services.extend_deadline, application, **kwargs)
        self.act(
            services.extend_deadline,
            application,
            working_days=5,
            approved_by="王主任",
            reason="r",
            extended_on=date(2025, 10, 20),
        )
        self.assertEqual(application.due_on, date(2025, 11, 5))
        with self.assertRaisesMessage(Error, "已延期一次"):
            self.act(
                services.extend_deadline,
                application,
                working_days=5,
                approved_by="王",
                reason="r",
                extended_on=date(2025, 10, 21),
            )


class ConsultationTests(ServiceTestCase):
    def test_reply_waits_for_open_consultations(self):
        application = self.received()
        consultation = self.act(
            services.start_consultation,
            application,
            kind="agency",
            party="某县自然资源局",
            started_on=date(2025, 10, 9),
        )
        with self.assertRaisesMessage(Error, "未结束的征求意见"):
            self.act(
                services.reply,
                application,
                result_type=ResultType.DISCLOSED,
                replied_on=date(2025, 10, 20),
            )
        services.finish_consultation(
            consultation=consultation,
            acting_user=self.officer,
            finished_on=date(2025, 10, 10),
        )
        with self.assertRaisesMessage(Error, "已经结束"):
            services.finish_consultation(
                consultation=consultation, acting_user=self.officer
            )

    def test_open_consultation_long_past_its_limit_pauses_fifteen_days_at_most(self):
        """Started 20 Oct 2025 and never answered: paused until 10 Nov only."""
        application = self.received(on=date(2025, 10, 10))
        self.act(
            services.start_consultation,
            application,
            kind="third_party",
            party="甲",
            started_on=date(2025, 10, 20),
        )
        application.refresh_from_db()
        self.assertEqual(application.due_on, date(2025, 11, 27))


class UnknownDueDateTests(ServiceTestCase):
    def test_extension_refused_while_the_due_date_is_unknown(self):
        """Received Fri 4 Dec 2026: the 20th working day falls in 2027, whose calendar is
        not entered, so there is no due date; an extension would print 将于前 — refused."""
        application = self.received(on=date(2026, 12, 4))
        self.assertIsNone(application.due_on)
        self.assertEqual(application.calendar_missing_year, 2027)
        with self.assertRaisesMessage(Error, "2027年工作日历尚未录入"):
            self.act(
                services.extend_deadline,
                application,
                working_days=10,
                approved_by="王主任",
                reason="需要调取档案",
                extended_on=date(2026, 12, 5),
            )
        application.refresh_from_db()
        self.assertEqual(application.extension_working_days, 0)
        self.assertFalse(application.events.filter(kind="extended").exists())
