"""Replies, withdrawals and appeals."""

from datetime import date

from gongkai.applications import services
from gongkai.applications.enums import EventKind, ResultType, Status
from gongkai.applications.models import Application
from gongkai.applications.tests.factories import ServiceTestCase

Error = services.ApplicationError


class ReplyTests(ServiceTestCase):
    def test_reply_records_the_result_and_lateness(self):
        """A reply after the due date is recorded as late in the timeline."""
        application = self.received(on=date(2024, 9, 27))
        self.act(
            services.reply,
            application,
            result_type=ResultType.UNAVAILABLE_NOT_HELD,
            replied_on=date(2024, 10, 31),
            public_title="道路改造招标文件",
        )
        event = application.events.get(kind=EventKind.REPLIED)
        self.assertIs(event.data["late"], True)
        self.assertEqual(application.result, ResultType.UNAVAILABLE_NOT_HELD)

    def test_refusals(self):
        application = self.received()
        cases = [
            ({"result_type": "nonsense"}, "请选择办理结果"),
            ({"result_type": ResultType.OTHER_NO_CORRECTION}, "终止办理"),
            (
                {"result_type": ResultType.PARTIALLY_DISCLOSED},
                "应选择不予公开部分的理由",
            ),
            (
                {
                    "result_type": ResultType.PARTIALLY_DISCLOSED,
                    "partial_reasons": [ResultType.NOT_PROCESSED_REPEATED],
                },
                "只能是不予公开或无法提供",
            ),
            (
                {
                    "result_type": ResultType.DISCLOSED,
                    "partial_reasons": [ResultType.WITHHELD_STATE_SECRET],
                },
                "只有部分公开",
            ),
            (
                {"result_type": ResultType.DISCLOSED, "replied_on": date(2025, 9, 24)},
                "不能早于",
            ),
        ]
        for kwargs, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesMessage(Error, message),
            ):
                self.act(services.reply, application, **kwargs)

    def test_no_reply_on_withdrawn_or_answered_applications(self):
        withdrawn = self.received()
        self.act(
            services.withdraw,
            withdrawn,
            withdrawn_on=date(2025, 9, 26),
            note="电话撤回",
        )
        self.assertEqual(
            (withdrawn.status, withdrawn.result_type),
            (Status.WITHDRAWN, ResultType.OTHER),
        )
        with self.assertRaisesMessage(Error, "已撤回申请"):
            self.act(services.reply, withdrawn, result_type=ResultType.DISCLOSED)
        with self.assertRaisesMessage(Error, "已撤回"):
            self.act(services.withdraw, withdrawn)
        answered = self.received()
        self.act(
            services.reply,
            answered,
            result_type=ResultType.DISCLOSED,
            replied_on=date(2025, 10, 9),
        )
        with self.assertRaisesMessage(Error, "已经答复"):
            self.act(services.reply, answered, result_type=ResultType.DISCLOSED)
        with self.assertRaisesMessage(Error, "已办结，不能撤回"):
            self.act(services.withdraw, answered)


class AppealTests(ServiceTestCase):
    def test_record_and_decide(self):
        """Table 4: pending until decided; decided once; 尚未审结 is not an outcome."""
        application = self.received()
        self.act(
            services.reply,
            application,
            result_type=ResultType.WITHHELD_PROCESS_INFORMATION,
            replied_on=date(2025, 10, 20),
        )
        appeal = self.act(
            services.record_appeal,
            application,
            kind="reconsideration",
            filed_on=date(2025, 11, 3),
            authority="某市人民政府",
        )
        self.assertEqual(appeal.outcome, "pending")
        with self.assertRaisesMessage(Error, "请选择结果维持"):
            services.decide_appeal(
                appeal=appeal, acting_user=self.officer, outcome="pending"
            )
        services.decide_appeal(
            appeal=appeal,
            acting_user=self.officer,
            outcome="upheld",
            decided_on=date(2026, 1, 5),
        )
        with self.assertRaisesMessage(Error, "已登记审结结果"):
            services.decide_appeal(
                appeal=appeal, acting_user=self.officer, outcome="corrected"
            )
        self.assertEqual(
            list(
                Application.objects.get(pk=application.pk).events.values_list(
                    "kind", flat=True
                )
            )[-2:],
            [EventKind.APPEAL_RECORDED, EventKind.APPEAL_DECIDED],
        )
