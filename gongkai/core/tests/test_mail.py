"""Mail from GONGKAI_EMAIL_URL: parsing, and a real SMTP round trip to a local sink."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.test import override_settings

from gongkai.settings.email_url import email_settings


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(
        self, server, session, envelope
    ):  # aiosmtpd calls it by this name
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


def test_email_url_schemes():
    tls = email_settings("smtp+tls://gk%40x.cn:p%40ss@mail.example.cn")
    assert tls["EMAIL_HOST"] == "mail.example.cn"
    assert tls["EMAIL_PORT"] == 587
    assert tls["EMAIL_HOST_USER"] == "gk@x.cn"
    assert tls["EMAIL_HOST_PASSWORD"] == "p@ss"  # noqa: S105 (a test URL)
    assert tls["EMAIL_USE_TLS"] and not tls["EMAIL_USE_SSL"]
    assert email_settings("smtp+ssl://h")["EMAIL_PORT"] == 465
    assert email_settings("smtp+ssl://h")["EMAIL_USE_SSL"]
    assert email_settings("console://")["EMAIL_BACKEND"].endswith(
        "console.EmailBackend"
    )
    with pytest.raises(ValueError):
        email_settings("http://h")


@pytest.mark.django_db
def test_password_reset_mail_arrives_in_chinese(client, smtp_sink):
    sink, port = smtp_sink
    get_user_model().objects.create_user(
        "ndrc-editor", email="editor@example.gov.cn", password="gongkai-demo-pw"
    )
    with override_settings(
        **email_settings(f"smtp://127.0.0.1:{port}"),
        DEFAULT_FROM_EMAIL="gongkai@example.gov.cn",
        LANGUAGE_CODE="zh-hans",
    ):
        response = client.post(
            "/admin/password_reset/", {"email": "editor@example.gov.cn"}
        )
    assert response.status_code == 302
    assert len(sink.messages) == 1
    message = sink.messages[0]
    assert message["To"] == "editor@example.gov.cn"
    assert message["From"] == "gongkai@example.gov.cn"
    assert "密码" in message["Subject"]
    assert "密码" in message.get_body().get_content()
