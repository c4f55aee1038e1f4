"""Mail of 互动交流: the writer learns that the letter was answered; handlers are reminded
of deadlines; the 公开办 hears of overdue letters. Mail goes through Django's backend, so
GONGKAI_EMAIL_URL decides where (production without it: nothing is attempted)."""

from collections.abc import Iterable

from django.urls import reverse
from wagtail.models import Site

from gongkai.core.mail import send_notice

from .models import Letter


def _status_url(letter: Letter) -> str:
    site = (letter.channel.site if letter.channel else None) or Site.objects.filter(
        is_default_site=True
    ).first()
    root = site.root_url if site is not None else ""
    return root + reverse("hudong:status")


def _send(subject: str, body: str, recipients: Iterable[str]) -> int:
    # A mail server that is down leaves the reply standing (core.mail).
    return send_notice(subject, body, recipients, what="互动交流")


def mail_writer_answered(letter: Letter) -> int:
    """Tell the writer (if an address was given) where to read the reply. The mail
    holds no reply text: the status page asks for the phone's last digits."""
    body = (
        f"您好：\n\n您的来信《{letter.subject}》已于{letter.replied_on:%Y年%m月%d日}答复。"
        f"请凭查询码 {letter.display_code} 和联系电话后4位在以下页面查看答复并评价：\n"
        f"{_status_url(letter)}\n\n此邮件由系统发送，请勿回复。"
    )
    return _send("您的来信已答复", body, [letter.email])


def mail_handlers(subject: str, lines: list[str], recipients: Iterable[str]) -> int:
    body = "\n".join([*lines, "", "请登录后台“互动交流”办理。"])
    return _send(subject, body, recipients)
