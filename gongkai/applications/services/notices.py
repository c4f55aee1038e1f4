"""E-mails to the applicant at each step (登记, 补正, 延期, 转办; the reply's mail is in
delivery.py because it may carry the files). Sent after the step is committed, only when
the applicant gave an e-mail address; a failing mail server never undoes the step (event
电子邮件发送失败). Each mail holds the tracking code, the agency, the step's dates and the
status page's address — nothing the applicant did not give, no officer's note."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from ..enums import EventKind
from ..models import Application
from .common import record_event

logger = logging.getLogger(__name__)

NOTICE_KINDS = ("receipt", "correction", "extension", "transfer")


def notify_applicant_later(application: Application, kind: str) -> None:
    """Queue the step's mail for after the commit (nothing is sent if it rolls back)."""
    if kind not in NOTICE_KINDS:
        raise ValueError(kind)
    if not application.email:
        return
    pk = application.pk
    transaction.on_commit(
        lambda: notify_applicant(Application.objects.get(pk=pk), kind)
    )


def notify_applicant(application: Application, kind: str) -> bool:
    """Send the mail of step `kind` now; True when the mail server accepted it."""
    if not application.email or settings.EMAIL_BACKEND.endswith("dummy.EmailBackend"):
        return False
    subject, lines = _CONTENT[kind](application)
    code = application.display_tracking_code
    body = "\n".join(
        [
            *lines,
            "",
            _("查询码：%(code)s") % {"code": code},
            _("办理进度请凭查询码和联系电话后4位查询：%(url)s") % {"url": status_url()},
            "",
            _("本邮件由系统自动发送，请勿直接回复。"),
        ]
    )
    message = EmailMessage(
        subject=f"{subject}（{code}）", body=body, to=[application.email]
    )
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning(
            "%s mail for application %s failed: %s", kind, application.pk, exc
        )
        record_event(
            application, EventKind.MAIL_FAILED, actor=None, note=str(exc)[:200]
        )
        return False
    record_event(
        application, EventKind.APPLICANT_NOTIFIED, actor=None, data={"notice": kind}
    )
    return True


def status_url() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else "") + reverse("apply:status")


def _day(value: object) -> str:
    return f"{value:%Y年%m月%d日}" if value else _("（尚无法计算）")


def _receipt(application: Application) -> tuple[str, list[str]]:
    lines = [
        _("您向%(department)s提出的政府信息公开申请已登记。")
        % {"department": application.department.name}
    ]
    if application.received_on:
        lines.append(
            _("收到申请日期：%(day)s；答复期限：%(due)s。")
            % {"day": _day(application.received_on), "due": _day(application.due_on)}
        )
    else:
        lines.append(_("本机关确认收到后开始计算答复期限（条例第三十一条）。"))
    return _("您的政府信息公开申请已登记"), lines


def _correction(application: Application) -> tuple[str, list[str]]:
    lines = [
        _(
            "%(department)s于%(day)s告知您补正申请（条例第三十条），"
            "请于%(due)s前按补正告知书补正。"
        )
        % {
            "department": application.department.name,
            "day": _day(application.correction_requested_on),
            "due": _day(application.correction_due_on),
        },
        _("答复期限自收到补正后的申请之日起重新计算。"),
    ]
    return _("请补正您的政府信息公开申请"), lines


def _extension(application: Application) -> tuple[str, list[str]]:
    lines = [
        _(
            "经负责人同意，%(department)s延长答复期限%(n)d个工作日（条例第三十三条），"
            "将于%(due)s前作出答复。"
        )
        % {
            "department": application.department.name,
            "n": application.extension_working_days,
            "due": _day(application.due_on),
        }
    ]
    return _("您的政府信息公开申请延期答复"), lines


def _transfer(application: Application) -> tuple[str, list[str]]:
    transfer = application.transfers.order_by("-pk").first()
    source = transfer.from_department.name if transfer else ""
    lines = [
        _("您向%(source)s提出的政府信息公开申请已于%(day)s转由%(department)s办理。")
        % {
            "source": source,
            "day": _day(transfer.transferred_on if transfer else None),
            "department": application.department.name,
        },
        _("答复期限：%(due)s。") % {"due": _day(application.due_on)},
    ]
    return _("您的政府信息公开申请已转办"), lines


_CONTENT = {
    "receipt": _receipt,
    "correction": _correction,
    "extension": _extension,
    "transfer": _transfer,
}
