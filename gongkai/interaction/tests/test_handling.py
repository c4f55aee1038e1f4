"""The office side: contact data only for the routed organisation's handlers (logged),
the reply mail to the writer through a real SMTP sink, reminders and escalation to the
公开办 at their thresholds (`gongkai remind_letters`)."""

from datetime import date
from io import StringIO

from aiosmtpd.controller import Controller
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from gongkai.core.tests.factories import create_organisation
from gongkai.editorial.tests.test_workflow_mail import Sink, free_port
from gongkai.interaction import services
from gongkai.interaction.models import InteractionOfficer, Letter, LetterAccess
from gongkai.interaction.reminders import remind_and_escalate
from gongkai.settings.email_url import email_settings

from .factories import create_channel, create_letter


def officer(username, organisation, email="", supervises=False):
    user = User.objects.create_user(username, password="x", email=email)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    InteractionOfficer.objects.create(
        user=user, organisation=organisation, supervises=supervises
    )
    return user


class HandlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        government = create_organisation(name="示例区人民政府")
        cls.office = create_organisation(name="示例区人民政府办公室", parent=government)
        cls.education = create_organisation(name="示例区教育局", parent=government)
        cls.health = create_organisation(name="示例区卫健局", parent=government)
        other_county = create_organisation(name="另一县人民政府")
        cls.edu_user = officer("education-hudong", cls.education, "edu@example.gov.cn")
        cls.office_user = officer(
            "office-hudong", cls.office, "gkb@example.gov.cn", supervises=True
        )
        officer("other-gkb", other_county, "other@example.gov.cn", supervises=True)
        cls.health_user = officer("health-hudong", cls.health, "wj@example.gov.cn")
        # Received Mon 2025-09-01, 5 working days: due Mon 2025-09-08.
        cls.letter = create_letter(
            create_channel("consult", days=5),
            cls.education,
            today=date(2025, 9, 1),
            name="李四",
            email="lisi@example.com",
            subject="校车问题",
        )

    def setUp(self):
        self.sink = Sink()
        controller = Controller(self.sink, hostname="127.0.0.1", port=free_port())
        controller.start()
        self.addCleanup(controller.stop)
        mail = override_settings(
            **email_settings(f"smtp://127.0.0.1:{controller.port}"),
            DEFAULT_FROM_EMAIL="gongkai@example.gov.cn",
        )
        mail.enable()
        self.addCleanup(mail.disable)

    def recipients(self):
        return sorted(a for rcpt, _m in self.sink.messages for a in rcpt)

    def test_contact_data_shown_on_request_to_routed_handlers_and_logged(self):
        url = reverse("gongkai_interaction:letter", args=[self.letter.pk])
        self.client.force_login(self.edu_user)
        page = self.client.get(url)
        self.assertContains(page, "李*（联系方式已隐藏）")
        self.assertNotContains(page, "13812345678")
        self.assertNotContains(page, "lisi@example.com")
        self.assertFalse(LetterAccess.objects.exists())
        shown = self.client.post(url, {"reveal": "1"})
        self.assertContains(shown, "13812345678")
        self.assertContains(shown, "lisi@example.com")
        access = LetterAccess.objects.get()
        self.assertEqual((access.letter, access.user), (self.letter, self.edu_user))
        # 转办: the former handlers lose the letter; the new ones may see it.
        self.client.post(url, {"transfer": "1", "organisation": str(self.health.pk)})
        self.assertEqual(self.client.post(url, {"reveal": "1"}).status_code, 404)
        self.client.force_login(self.health_user)
        self.assertContains(self.client.post(url, {"reveal": "1"}), "13812345678")
        self.assertEqual(LetterAccess.objects.count(), 2)

    def test_superuser_not_assigned_sees_the_letter_but_not_the_contact(self):
        admin = User.objects.create_superuser("root", password="x")
        self.client.force_login(admin)
        url = reverse("gongkai_interaction:letter", args=[self.letter.pk])
        page = self.client.get(url)
        self.assertContains(page, "校车问题")
        self.assertNotContains(page, "13812345678")
        self.assertNotContains(page, "查看来信人联系方式")
        self.assertEqual(self.client.post(url, {"reveal": "1"}).status_code, 403)
        self.assertFalse(LetterAccess.objects.exists())

    def test_reply_mails_the_writer_once_without_the_reply_text(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.reply_to_letter(
                self.letter,
                reply="秘密答复内容",
                public_body="x",
                publish=False,
                today=date(2025, 9, 3),
            )
        self.assertEqual(self.recipients(), ["lisi@example.com"])
        _rcpt, message = self.sink.messages[0]
        self.assertEqual(message["Subject"], "您的来信已答复")
        text = message.get_content()
        self.assertIn(self.letter.display_code, text)
        self.assertIn("/hudong/status/", text)
        self.assertNotIn("秘密答复内容", text)
        with self.captureOnCommitCallbacks(execute=True):
            services.reply_to_letter(
                Letter.objects.get(),
                reply="补充答复",
                public_body="x",
                publish=False,
                today=date(2025, 9, 4),
            )
        self.assertEqual(len(self.sink.messages), 1)

    def test_reminder_and_escalation_at_their_thresholds(self):
        # Wed 9-03: two working days ahead is Fri 9-05, before the deadline Mon 9-08.
        self.assertEqual(remind_and_escalate(today=date(2025, 9, 3)).reminded, [])
        run = remind_and_escalate(today=date(2025, 9, 4))  # horizon Mon 9-08
        self.assertEqual(run.reminded, [self.letter.pk])
        self.assertEqual(self.recipients(), ["edu@example.gov.cn"])
        self.assertEqual(remind_and_escalate(today=date(2025, 9, 5)).reminded, [])
        # On the deadline day the letter is not overdue yet.
        self.assertEqual(remind_and_escalate(today=date(2025, 9, 8)).escalated, [])
        self.sink.messages.clear()
        run = remind_and_escalate(today=date(2025, 9, 9))
        self.assertEqual(run.escalated, [self.letter.pk])
        self.assertIn("gkb@example.gov.cn", self.recipients())
        self.assertEqual(
            self.recipients(), ["edu@example.gov.cn", "gkb@example.gov.cn"]
        )
        self.assertEqual(Letter.objects.get().escalated_on, date(2025, 9, 9))
        self.assertEqual(remind_and_escalate(today=date(2025, 9, 10)).escalated, [])
        # The 公开办 sees it in its queue; another department does not.
        self.client.force_login(self.office_user)
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertContains(queue, "逾期上报")
        self.assertContains(queue, self.letter.display_code)
        self.client.force_login(self.health_user)
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertNotContains(queue, self.letter.display_code)

    def test_replied_letters_are_neither_reminded_nor_escalated(self):
        services.reply_to_letter(
            self.letter,
            reply="答复",
            public_body="x",
            publish=False,
            today=date(2025, 9, 2),
        )
        run = remind_and_escalate(today=date(2025, 12, 1))
        self.assertEqual((run.reminded, run.escalated), ([], []))

    def test_command_reports_counts(self):
        out = StringIO()
        call_command("remind_letters", stdout=out)
        self.assertIn("上报逾期来信 1 件", out.getvalue())
