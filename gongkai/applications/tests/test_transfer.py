"""转办 to another organisation of the platform: the receiving office handles it, the
sending office only sees the history, the clock follows GONGKAI_TRANSFER_CLOCK, the
annual report counts it once (for the agency that answers)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.enums import EventKind, ResultType, Status
from gongkai.applications.models import ApplicationTransfer
from gongkai.applications.selectors import list_public_timeline
from gongkai.applications.tests.factories import create_officer, register
from gongkai.core.tests.factories import create_organisation
from gongkai.reports.selectors import list_application_facts

RECEIVED = date(2025, 9, 25)  # Thursday; 20 working days later: 2025-10-29
TRANSFERRED = date(2025, 9, 29)  # Monday; 20 working days later: 2025-11-03


class TransferTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.wrong = create_organisation(name="示例区发展和改革局")
        cls.right = create_organisation(name="示例区自然资源局")
        cls.third = create_organisation(name="示例区民政局")
        cls.sender = create_officer(cls.wrong)
        cls.receiver = create_officer(cls.right)
        cls.outsider = create_officer(cls.third)

    def received(self, **data):
        return register(self.wrong, self.sender, received_on=RECEIVED, **data)

    def transfer(self, application, *, user=None, department=None, **kwargs):
        kwargs.setdefault("reason", "所申请信息由自然资源局制作并保存。")
        kwargs.setdefault("transferred_on", TRANSFERRED)
        return services.transfer_application(
            application=application,
            acting_user=user or self.sender,
            department=department or self.right,
            **kwargs,
        )


class TransferServiceTests(TransferTestCase):
    def test_the_receiving_office_handles_it_and_its_clock_restarts(self):
        application = self.received()
        self.assertEqual(application.due_on, date(2025, 10, 29))
        transfer = self.transfer(application)
        application.refresh_from_db()
        self.assertEqual(application.department, self.right)
        self.assertIsNone(application.handler)
        self.assertEqual(application.received_on, TRANSFERRED)
        self.assertEqual(application.due_on, date(2025, 11, 3))
        self.assertEqual(
            (transfer.from_department, transfer.to_department, transfer.clock),
            (self.wrong, self.right, "restart"),
        )
        event = application.events.get(kind=EventKind.TRANSFERRED)
        self.assertEqual(event.actor, self.sender)
        self.assertEqual(event.data["to"], "示例区自然资源局")
        self.assertEqual(event.data["due_on"], "2025-11-03")
        services.take_application(application=application, acting_user=self.receiver)
        with self.assertRaises(PermissionDenied):
            services.take_application(application=application, acting_user=self.sender)
        with self.assertRaises(PermissionDenied):
            self.transfer(application, department=self.third)

    def test_after_a_restart_the_receiver_may_send_its_own_correction_notice(self):
        application = self.received()
        services.request_correction(
            application=application,
            acting_user=self.sender,
            items="请写明文号。",
            requested_on=RECEIVED,
        )
        services.record_correction(
            application=application, acting_user=self.sender, corrected_on=RECEIVED
        )
        self.transfer(application)
        services.request_correction(
            application=application,
            acting_user=self.receiver,
            items="请写明地块位置。",
            requested_on=date(2025, 9, 30),
        )
        application.refresh_from_db()
        self.assertEqual(application.status, Status.AWAITING_CORRECTION)
        self.assertEqual(
            application.events.filter(kind=EventKind.CORRECTION_REQUESTED).count(), 2
        )

    @override_settings(GONGKAI_TRANSFER_CLOCK="keep")
    def test_keep_leaves_the_first_receipt_date(self):
        application = self.received()
        transfer = self.transfer(application)
        application.refresh_from_db()
        self.assertEqual(transfer.clock, "keep")
        self.assertEqual(application.received_on, RECEIVED)
        self.assertEqual(application.due_on, date(2025, 10, 29))

    def test_an_unconfirmed_application_waits_for_the_receiver_to_confirm(self):
        application = register(
            self.wrong, self.sender, received_on=RECEIVED, channel="online"
        )
        self.assertEqual(application.status, Status.SUBMITTED)
        self.transfer(application)
        application.refresh_from_db()
        self.assertEqual(
            (application.status, application.received_on), (Status.SUBMITTED, None)
        )
        with self.assertRaises(PermissionDenied):
            services.confirm_receipt(application=application, acting_user=self.sender)
        services.confirm_receipt(application=application, acting_user=self.receiver)
        application.refresh_from_db()
        self.assertEqual(application.status, Status.IN_PROGRESS)
        self.assertEqual(application.received_on, timezone.localdate())

    def test_refusals_say_why_and_change_nothing(self):
        application = self.received()
        cases = [
            ({"department": self.wrong}, "请选择另一个机构"),
            ({"reason": "  "}, "请写明转办理由"),
            ({"transferred_on": date(2025, 9, 24)}, "不能早于收到申请日期"),
        ]
        for kwargs, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesMessage(services.ApplicationError, message),
            ):
                self.transfer(application, **kwargs)
        services.start_consultation(
            application=application,
            acting_user=self.sender,
            kind="third_party",
            party="某公司",
            started_on=RECEIVED,
        )
        with self.assertRaisesMessage(services.ApplicationError, "未结束的征求意见"):
            self.transfer(application)
        replied = self.received()
        services.reply(
            application=replied,
            acting_user=self.sender,
            result_type=ResultType.DISCLOSED,
            replied_on=TRANSFERRED,
        )
        with self.assertRaisesMessage(services.ApplicationError, "可以转办"):
            self.transfer(replied)
        self.assertFalse(ApplicationTransfer.objects.exists())
        application.refresh_from_db()
        self.assertEqual(application.department, self.wrong)

    def test_an_office_of_neither_organisation_cannot_transfer(self):
        application = self.received()
        with self.assertRaises(PermissionDenied):
            self.transfer(application, user=self.outsider, department=self.third)
        self.assertFalse(ApplicationTransfer.objects.exists())

    def test_the_applicant_sees_the_transfer_without_the_reason(self):
        application = self.received()
        self.transfer(application)
        kinds = [event.kind for event in list_public_timeline(application=application)]
        self.assertIn(EventKind.TRANSFERRED, kinds)
        self.assertFalse(
            hasattr(list_public_timeline(application=application)[0], "note")
        )

    def test_the_annual_report_counts_it_once_for_the_answering_agency(self):
        application = self.received()
        self.transfer(application)
        services.reply(
            application=application,
            acting_user=self.receiver,
            result_type=ResultType.DISCLOSED,
            replied_on=date(2025, 10, 20),
        )
        code = application.display_tracking_code

        def codes(*organisations):
            ids = {o.pk for o in organisations}
            facts = list_application_facts(organisation_ids=ids, year=2025)
            return [fact.tracking_code for fact in facts]

        self.assertEqual(codes(self.wrong), [])
        self.assertEqual(codes(self.right), [code])
        self.assertEqual(codes(self.wrong, self.right), [code])


class TransferViewTests(TransferTestCase):
    def url(self, application, action=None):
        if action is None:
            return reverse("gongkai_applications:detail", args=[application.pk])
        return reverse("gongkai_applications:action", args=[application.pk, action])

    def test_the_office_transfers_it_in_the_admin(self):
        application = self.received()
        self.client.force_login(self.sender)
        form = self.client.get(self.url(application, "transfer"))
        self.assertContains(form, "示例区自然资源局")
        self.assertNotContains(form, '">示例区发展和改革局</option>')
        response = self.client.post(
            self.url(application, "transfer"),
            {
                "department": self.right.pk,
                "reason": "所申请信息由自然资源局制作。",
                "transferred_on": "2025-09-29",
            },
        )
        self.assertRedirects(
            response, self.url(application), fetch_redirect_response=False
        )
        application.refresh_from_db()
        self.assertEqual(application.department, self.right)

        # The sender keeps the history, read-only: no action, no notice, no file.
        page = self.client.get(self.url(application))
        self.assertContains(page, "本机关只能查看办理记录")
        self.assertContains(page, "所申请信息由自然资源局制作。")
        self.assertNotContains(page, "gk-actions")
        for action in ("take", "transfer", "reply", "withdraw"):
            with self.subTest(action=action):
                self.assertEqual(
                    self.client.get(self.url(application, action)).status_code, 404
                )
                self.assertEqual(
                    self.client.post(self.url(application, action)).status_code, 404
                )
        notice = reverse(
            "gongkai_applications:document", args=[application.pk, "receipt"]
        )
        self.assertEqual(self.client.get(notice).status_code, 404)
        self.assertNotContains(
            self.client.get(reverse("gongkai_applications:index")),
            application.display_tracking_code,
        )

        # The receiver lists it and acts on it.
        self.client.force_login(self.receiver)
        listing = self.client.get(reverse("gongkai_applications:index"))
        self.assertContains(listing, application.display_tracking_code)
        page = self.client.get(self.url(application))
        self.assertContains(page, "gk-actions")
        self.assertNotContains(page, "本机关只能查看办理记录")

    def test_hostile_input_is_refused_with_4xx(self):
        application = self.received()
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url(application)).status_code, 404)
        response = self.client.post(
            self.url(application, "transfer"),
            {
                "department": self.third.pk,
                "reason": "x",
                "transferred_on": "2025-09-29",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.sender)
        for department in ("999999", "abc", str(self.wrong.pk)):
            with self.subTest(department=department):
                response = self.client.post(
                    self.url(application, "transfer"),
                    {
                        "department": department,
                        "reason": "x",
                        "transferred_on": "2025-09-29",
                    },
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "选择一个有效的选项")
        response = self.client.post(
            self.url(application, "transfer"),
            {"department": self.right.pk, "reason": "", "transferred_on": "2025-09-29"},
        )
        self.assertContains(response, "必需字段")
        self.assertFalse(ApplicationTransfer.objects.exists())
        missing = reverse("gongkai_applications:action", args=[987654, "transfer"])
        self.assertEqual(self.client.get(missing).status_code, 404)
