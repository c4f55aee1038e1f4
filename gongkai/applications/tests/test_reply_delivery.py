"""The applicant receives the information: files attached by the office, the e-mail when
answered (a real SMTP round trip to a local aiosmtpd sink), the download from the status
page after the tracking-code check, and the delivery recorded."""

import email
import email.policy
import socket
import tempfile
from datetime import date
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.enums import EventKind, ResultType, Status
from gongkai.applications.models import ReplyAttachment
from gongkai.applications.tests.factories import create_officer, register
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.settings.email_url import email_settings

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STATUS_URL = reverse("apply:status")


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pdf(name="招标文件.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class DeliveryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_page(title="示例区人民政府")
        cls.department = create_organisation(name="示例区教育局", root_page=cls.home)
        cls.other = create_organisation(name="示例区民政局")
        cls.officer = create_officer(cls.department)
        cls.outsider = create_officer(cls.other)

    def setUp(self):
        cache.clear()
        files = tempfile.TemporaryDirectory()
        self.addCleanup(files.cleanup)
        self.files_root = Path(files.name)
        self.enterContext(
            override_settings(GONGKAI_APPLICATIONS_FILES_ROOT=str(self.files_root))
        )

    def received(self, **data):
        return register(
            self.department, self.officer, received_on=date(2025, 9, 25), **data
        )

    def attach(self, application, upload=None):
        return services.add_reply_attachment(
            application=application, acting_user=self.officer, upload=upload or pdf()
        )

    def answer(self, application):
        with self.captureOnCommitCallbacks(execute=True):
            services.reply(
                application=application,
                acting_user=self.officer,
                result_type=ResultType.DISCLOSED,
                replied_on=date(2025, 10, 9),
            )
        application.refresh_from_db()
        return application


class OfficeAttachmentTests(DeliveryTestCase):
    def test_the_office_uploads_a_file_stored_outside_media_under_a_random_name(self):
        application = self.received()
        self.client.force_login(self.officer)
        upload = reverse(
            "gongkai_applications:attachment_upload", args=[application.pk]
        )
        response = self.client.post(upload, {"file": pdf("../../答复 材料.pdf")})
        detail = reverse("gongkai_applications:detail", args=[application.pk])
        self.assertRedirects(response, detail)
        attachment = application.reply_attachments.get()
        self.assertEqual(attachment.name, "答复 材料.pdf")
        stored = Path(attachment.file.path)
        self.assertTrue(stored.is_relative_to(self.files_root))
        self.assertFalse(stored.is_relative_to(Path(settings.MEDIA_ROOT)))
        self.assertNotIn("答复", stored.name)
        self.assertEqual(stored.read_bytes(), PDF)
        page = self.client.get(detail)
        self.assertContains(page, "答复 材料.pdf")
        download = self.client.get(
            reverse(
                "gongkai_applications:attachment", args=[application.pk, attachment.pk]
            )
        )
        self.assertEqual(b"".join(download.streaming_content), PDF)
        self.assertIn("attachment;", download["Content-Disposition"])

    def test_a_refused_upload_says_why_and_stores_nothing(self):
        application = self.received()
        self.client.force_login(self.officer)
        upload = reverse(
            "gongkai_applications:attachment_upload", args=[application.pk]
        )
        for name, content, message in (
            ("程序.exe", b"MZ\x90\x00", "不支持该文件类型"),
            ("伪装.pdf", b"MZ\x90\x00", "文件内容与扩展名不符"),
        ):
            with self.subTest(name=name):
                response = self.client.post(upload, {"file": pdf(name, content)})
                self.assertContains(response, message)
        with override_settings(GONGKAI_APPLICATIONS_ATTACHMENT_MAX_BYTES=10):
            response = self.client.post(upload, {"file": pdf()})
        self.assertContains(response, "文件过大")
        self.assertContains(self.client.post(upload, {}), "必需字段")
        self.assertFalse(ReplyAttachment.objects.exists())
        self.assertEqual(list(self.files_root.rglob("*.*")), [])

    def test_another_office_gets_404_on_upload_download_and_delete(self):
        application = self.received()
        attachment = self.attach(application)
        self.client.force_login(self.outsider)
        urls = [
            reverse("gongkai_applications:attachment_upload", args=[application.pk]),
            reverse(
                "gongkai_applications:attachment", args=[application.pk, attachment.pk]
            ),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        delete = reverse(
            "gongkai_applications:attachment_delete",
            args=[application.pk, attachment.pk],
        )
        self.assertEqual(self.client.post(delete).status_code, 404)
        self.assertEqual(self.client.post(urls[0], {"file": pdf()}).status_code, 404)
        self.assertEqual(application.reply_attachments.count(), 1)
        # The officer's own application cannot reach it by id either.
        own = register(self.other, self.outsider, received_on=date(2025, 9, 25))
        crossed = reverse(
            "gongkai_applications:attachment", args=[own.pk, attachment.pk]
        )
        self.assertEqual(self.client.get(crossed).status_code, 404)

    def test_a_file_is_removed_before_the_reply_but_not_after(self):
        application = self.received()
        wrong = self.attach(application, pdf("错误.pdf"))
        stored = Path(wrong.file.path)
        self.client.force_login(self.officer)
        delete = reverse(
            "gongkai_applications:attachment_delete", args=[application.pk, wrong.pk]
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(delete)
        self.assertFalse(application.reply_attachments.exists())
        self.assertFalse(stored.exists())
        kept = self.attach(application)
        self.answer(application)
        delete = reverse(
            "gongkai_applications:attachment_delete", args=[application.pk, kept.pk]
        )
        self.client.post(delete)
        self.assertTrue(application.reply_attachments.filter(pk=kept.pk).exists())

    def test_delivery_is_recorded_once_and_shown_without_the_offices_note(self):
        application = self.answer(self.received(delivery_method="post", email=""))
        self.client.force_login(self.officer)
        deliver = reverse(
            "gongkai_applications:action", args=[application.pk, "deliver"]
        )
        response = self.client.post(
            deliver,
            {"method": "post", "delivered_on": "2025-10-13", "note": "EMS单号1234"},
        )
        self.assertEqual(response.status_code, 302)
        application.refresh_from_db()
        self.assertEqual(application.delivered_on, date(2025, 10, 13))
        self.assertEqual(self.client.get(deliver).status_code, 404)  # done once
        early = self.answer(self.received(delivery_method="post", email=""))
        response = self.client.post(
            reverse("gongkai_applications:action", args=[early.pk, "deliver"]),
            {"method": "post", "delivered_on": "2025-10-01"},
        )
        self.assertContains(response, "日期不能早于答复日期")


class ReplyMailTests(DeliveryTestCase):
    def setUp(self):
        super().setUp()
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

    def test_email_delivery_sends_the_files_and_records_the_delivery(self):
        application = self.received(delivery_method="email", email="zhang@example.com")
        self.attach(application)
        application = self.answer(application)
        [(recipients, message)] = self.sink.messages
        self.assertEqual(recipients, ["zhang@example.com"])
        self.assertIn(application.display_tracking_code, message["Subject"])
        [part] = list(message.iter_attachments())
        self.assertEqual(part.get_filename(), "招标文件.pdf")
        self.assertEqual(part.get_content(), PDF)
        self.assertEqual(application.delivered_on, date(2025, 10, 9))
        kinds = list(application.events.values_list("kind", flat=True))
        self.assertIn(EventKind.APPLICANT_NOTIFIED, kinds)
        self.assertIn(EventKind.DELIVERED, kinds)

    def test_other_delivery_gets_a_notice_pointing_to_the_status_page(self):
        application = self.received(delivery_method="online", email="li@example.com")
        self.attach(application)
        application = self.answer(application)
        [(_rcpt, message)] = self.sink.messages
        body = message.get_body().get_content()
        self.assertIn(STATUS_URL, body)
        self.assertIn("联系电话后4位下载", body)
        self.assertNotIn("13812345678", body)
        self.assertEqual(list(message.iter_attachments()), [])
        self.assertIsNone(application.delivered_on)

    def test_no_email_given_no_mail(self):
        self.answer(self.received(email=""))
        self.assertEqual(self.sink.messages, [])

    def test_a_failing_mail_server_does_not_undo_the_reply(self):
        application = self.received(email="zhang@example.com")
        with override_settings(**email_settings(f"smtp://127.0.0.1:{free_port()}")):
            application = self.answer(application)
        self.assertEqual(application.status, Status.REPLIED)
        self.assertTrue(application.events.filter(kind=EventKind.MAIL_FAILED).exists())


class PublicDownloadTests(DeliveryTestCase):
    def look_up(self, application, tail="5678", client=None):
        return (client or self.client).post(
            STATUS_URL,
            {"tracking_code": application.display_tracking_code, "phone_tail": tail},
        )

    def answered_with_file(self, **data):
        application = self.received(email="", **data)
        attachment = self.attach(application)
        return self.answer(application), attachment

    def test_the_applicant_downloads_after_the_check_and_each_download_is_logged(self):
        application, attachment = self.answered_with_file()
        url = reverse("apply:attachment", args=[attachment.pk])
        self.assertEqual(self.client.get(url).status_code, 404)  # no check yet
        self.assertEqual(self.look_up(application, tail="0000").status_code, 200)
        self.assertEqual(self.client.get(url).status_code, 404)  # wrong phone
        page = self.look_up(application)
        self.assertContains(page, url)
        self.assertContains(page, "招标文件.pdf")
        response = self.client.get(url, REMOTE_ADDR="203.0.113.9")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("filename*=UTF-8''", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        logged = application.events.get(kind=EventKind.ATTACHMENT_DOWNLOADED)
        self.assertEqual(
            logged.data, {"attachment": attachment.pk, "address": "203.0.113.9"}
        )

    def test_no_other_applicants_file_by_id_and_nothing_before_the_reply(self):
        mine, _attachment = self.answered_with_file()
        _theirs, their_file = self.answered_with_file(phone="13900001111")
        pending = self.received()
        pending_file = self.attach(pending)
        self.look_up(mine)
        for pk in (their_file.pk, pending_file.pk, 10**9, 0):
            with self.subTest(pk=pk):
                url = reverse("apply:attachment", args=[pk])
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.look_up(pending), "答复附件")
        for path in (
            "/apply/files/../../etc/passwd",
            "/apply/files/-1/",
            "/apply/files/99999999999999999999/",
        ):
            self.assertEqual(self.client.get(path).status_code, 404)
        self.assertEqual(
            self.client.post(
                reverse("apply:attachment", args=[their_file.pk])
            ).status_code,
            405,
        )

    @override_settings(GONGKAI_APPLICATIONS_DOWNLOAD_SECONDS=0)
    def test_links_expire(self):
        application, attachment = self.answered_with_file()
        self.look_up(application)
        url = reverse("apply:attachment", args=[attachment.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    @override_settings(GONGKAI_APPLICATIONS_DOWNLOAD_RATE="2/h")
    def test_downloads_are_rate_limited_per_address(self):
        application, attachment = self.answered_with_file()
        self.look_up(application)
        url = reverse("apply:attachment", args=[attachment.pk])
        statuses = [self.client.get(url).status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 429])
        self.assertEqual(
            application.events.filter(kind=EventKind.ATTACHMENT_DOWNLOADED).count(), 2
        )


class HostileUploadTests(DeliveryTestCase):
    """Malformed or hostile uploads get a 4xx or a form error, never a 500."""

    def test_hostile_bodies_and_names(self):
        application = self.received()
        self.client.force_login(self.officer)
        upload = reverse(
            "gongkai_applications:attachment_upload", args=[application.pk]
        )
        broken = self.client.generic(
            "POST",
            upload,
            b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n',
            content_type="multipart/form-data; boundary=xx",
        )
        self.assertLess(broken.status_code, 500)
        no_boundary = self.client.generic(
            "POST", upload, b"garbage", content_type="multipart/form-data"
        )
        self.assertLess(no_boundary.status_code, 500)
        for name in ("a" * 1000 + ".pdf", "..pdf", "con.pdf\x00.exe", "空 .pdf "):
            with self.subTest(name=name[:20]):
                response = self.client.post(upload, {"file": pdf(name)})
                self.assertLess(response.status_code, 500)
        for attachment in application.reply_attachments.all():
            self.assertLessEqual(len(attachment.name), 100)
            self.assertTrue(attachment.name.endswith(".pdf"))
            self.assertNotIn("\x00", attachment.name)
