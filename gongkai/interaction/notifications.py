"""Mail of 互动交流: the writer learns that the letter was answered; handlers are reminded
of deadlines; the 公开办 hears of overdue letters. Mail goes through Django's backend, so
GONGKAI_EMAIL_URL decides where (production without it: nothing is attempted)."""

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.urls import reverse
from wagtail.models import Site

from .models import Letter

logger = logging.getLogger(__name__)


def _status_url(letter: Letter) -> str:
    site = (letter.channel.site if letter.channel else None) or Site.objects.filter(
        is_default_site=True
    ).first()
    root = site.root_url if site is not None else ""
    return root + reverse("hudong:status")


def _send(subject: str, body: str, recipients: Iterable[str]) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    try:
        return send_mail(subject, body, None, recipients)
    except OSError:  # the mail server is down: the reply stands, the log says so
        logger.exception("互动交流 mail to %d recipient(s) failed", len(recipients))
        return 0


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
