from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import SimpleTestCase, override_settings

from gongkai.core.mail import send_notice


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class SendNoticeTests(SimpleTestCase):
    def test_each_address_gets_one_mail_and_empty_ones_none(self):
        sent = send_notice(
            "主题",
            "正文",
            ["b@example.cn", "", "a@example.cn", "b@example.cn"],
            what="t",
        )
        self.assertEqual(sent, 1)
        self.assertEqual(mail.outbox[0].to, ["a@example.cn", "b@example.cn"])

    def test_no_address_no_mail(self):
        self.assertEqual(send_notice("主题", "正文", ["", ""], what="t"), 0)
        self.assertEqual(mail.outbox, [])

    @override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend")
    def test_a_server_that_is_down_is_logged_not_raised(self):
        with self.assertLogs("gongkai.core.mail", "ERROR") as logged:
            sent = send_notice("主题", "正文", ["a@example.cn"], what="互动交流")
        self.assertEqual(sent, 0)
        self.assertIn("互动交流 mail to 1 recipient(s) failed", logged.output[0])
