"""E-mails to the applicant at each step (登记, 补正, 延期, 转办), through a real SMTP
round trip to a local aiosmtpd sink; only where an e-mail address was given."""

from datetime import date

from aiosmtpd.controller import Controller
from django.test import TestCase, override_settings

from gongkai.applications import services
from gongkai.applications.enums import EventKind
from gongkai.applications.tests.factories import RESIDENT_ID, create_officer, register
from gongkai.applications.tests.test_reply_delivery import STATUS_URL, Sink, free_port
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.settings.email_url import email_settings

RECEIVED = date(2025, 9, 25)


class NoticeMailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_page(title="示例区人民政府")
        cls.department = create_organisation(name="示例区教育局", root_page=cls.home)
        cls.other = create_organisation(name="示例区自然资源局")
        cls.officer = create_officer(cls.department)

    def setUp(self):
        self.sink = Sink()
        controller = Controller(self.sink, hostname="127.0.0.1", port=free_port())
        controller.start()
        self.addCleanup(controller.stop)
        self.enterContext(
            override_settings(
                **email_settings(f"smtp://127.0.0.1:{controller.port}"),
                DEFAULT_FROM_EMAIL="gongkai@example.gov.cn",
            )
        )

    def received(self, **data):
        data.setdefault("email", "zhang@example.com")
        with self.captureOnCommitCallbacks(execute=True):
            return register(self.department, self.officer, received_on=RECEIVED, **data)

    def step(self, service, application, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            service(application=application, acting_user=self.officer, **kwargs)
        application.refresh_from_db()
        return application

    def last_mail(self):
        recipients, message = self.sink.messages[-1]
        return recipients, message["Subject"], message.get_body().get_content()

    def assert_plain_notice(self, application, subject, body):
        self.assertIn(application.display_tracking_code, subject)
        self.assertIn(application.display_tracking_code, body)
        self.assertIn(STATUS_URL, body)
        for private in (RESIDENT_ID, "13812345678", "某路1号", "张三", "officer"):
            self.assertNotIn(private, body)

    def test_each_step_sends_one_mail_in_chinese(self):
        application = self.received()
        recipients, subject, body = self.last_mail()
        self.assertEqual(recipients, ["zhang@example.com"])
        self.assertIn("已登记", subject)
        self.assertIn("答复期限：2025年10月29日", body)
        self.assert_plain_notice(application, subject, body)

        application = self.step(
            services.request_correction,
            application,
            items="请写明所需信息的文号。",
            requested_on=date(2025, 9, 26),
            correction_due_on=date(2025, 10, 20),
        )
        _rcpt, subject, body = self.last_mail()
        self.assertIn("补正", subject)
        self.assertIn("请于2025年10月20日前", body)
        self.assertNotIn("文号", body)  # the notice's items stay in the 补正告知书
        self.assert_plain_notice(application, subject, body)

        application = self.step(
            services.record_correction, application, corrected_on=date(2025, 9, 29)
        )
        application = self.step(
            services.extend_deadline,
            application,
            working_days=10,
            approved_by="王主任",
            reason="需要调取档案。",
            extended_on=date(2025, 10, 9),
        )
        _rcpt, subject, body = self.last_mail()
        self.assertIn("延期", subject)
        self.assertIn("延长答复期限10个工作日", body)
        self.assertIn(f"{application.due_on:%Y年%m月%d日}前作出答复", body)
        self.assertNotIn("王主任", body)
        self.assert_plain_notice(application, subject, body)
        self.assertEqual(len(self.sink.messages), 3)
        notices = application.events.filter(kind=EventKind.APPLICANT_NOTIFIED)
        self.assertEqual(
            [event.data["notice"] for event in notices],
            ["receipt", "correction", "extension"],
        )

    def test_the_transfer_mail_names_the_receiving_agency(self):
        application = self.received()
        application = self.step(
            services.transfer_application,
            application,
            department=self.other,
            reason="内部理由不发给申请人。",
            transferred_on=date(2025, 9, 29),
        )
        _rcpt, subject, body = self.last_mail()
        self.assertIn("转办", subject)
        self.assertIn("已于2025年09月29日转由示例区自然资源局办理", body)
        self.assertIn("答复期限：2025年11月03日", body)
        self.assertNotIn("内部理由", body)
        self.assert_plain_notice(application, subject, body)

    def test_no_email_given_no_mail(self):
        application = self.received(email="")
        self.step(
            services.transfer_application,
            application,
            department=self.other,
            reason="由自然资源局办理。",
            transferred_on=date(2025, 9, 29),
        )
        self.assertEqual(self.sink.messages, [])

    def test_a_failing_mail_server_never_undoes_the_step(self):
        with override_settings(**email_settings(f"smtp://127.0.0.1:{free_port()}")):
            application = self.received()
            self.step(
                services.transfer_application,
                application,
                department=self.other,
                reason="由自然资源局办理。",
                transferred_on=date(2025, 9, 29),
            )
        application.refresh_from_db()
        self.assertEqual(application.department, self.other)
        self.assertEqual(
            application.events.filter(kind=EventKind.MAIL_FAILED).count(), 2
        )
