"""Workflow notices reach the department's role holders through GONGKAI_EMAIL_URL (a real
SMTP round trip to a local aiosmtpd sink), and nothing is attempted without mail."""

import email
import email.policy
import logging
import socket

from aiosmtpd.controller import Controller
from django.test import TestCase, override_settings

from gongkai.core.tests.factories import create_home_page
from gongkai.settings.email_url import email_settings

from ..enums import Role
from ..workflows import ensure_default_workflows
from .factories import (
    add_article,
    create_department,
    submit_for_review,
    workflow_action,
)


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        self.messages.append((sorted(envelope.rcpt_tos), message))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WorkflowMailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()
        home = create_home_page()
        cls.department = create_department(parent=home)
        cls.other = create_department(parent=home)
        for department, prefix in ((cls.department, "a"), (cls.other, "b")):
            for role, user in department.users.items():
                user.email = f"{prefix}-{role}@example.gov.cn"
                user.save()

    def setUp(self):
        self.sink = Sink()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.addCleanup(self.controller.stop)
        mail = override_settings(
            **email_settings(f"smtp://127.0.0.1:{self.controller.port}"),
            DEFAULT_FROM_EMAIL="gongkai@example.gov.cn",
            LANGUAGE_CODE="zh-hans",
        )
        mail.enable()
        self.addCleanup(mail.disable)
        add_article(
            self.department.client(Role.EDITOR), self.department, title="通知测试稿件"
        )
        from gongkai.catalog.models import ArticlePage

        self.page = ArticlePage.objects.get(title="通知测试稿件")

    def recipients(self):
        return sorted(
            address for rcpt, _message in self.sink.messages for address in rcpt
        )

    def test_each_step_mails_its_role_holders_of_the_department_only(self):
        response = submit_for_review(self.department.client(Role.EDITOR), self.page)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.recipients(), ["a-reviewer@example.gov.cn"])
        _rcpt, message = self.sink.messages[0]
        self.assertEqual(message["From"], "gongkai@example.gov.cn")
        self.assertIn("通知测试稿件", message["Subject"])
        self.sink.messages.clear()
        workflow_action(self.department.client(Role.REVIEWER), self.page, "approve")
        self.assertEqual(self.recipients(), ["a-disclosure_officer@example.gov.cn"])
        self.sink.messages.clear()
        workflow_action(
            self.department.client(Role.DISCLOSURE_OFFICER), self.page, "approve"
        )
        self.assertEqual(self.recipients(), ["a-final_approver@example.gov.cn"])

    def test_without_mail_configured_nothing_is_attempted_and_nothing_is_logged(self):
        """Production's setting without GONGKAI_EMAIL_URL: the dummy backend."""
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
            ),
            self.assertNoLogs(level=logging.ERROR),
        ):
            response = submit_for_review(self.department.client(Role.EDITOR), self.page)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.sink.messages, [])
