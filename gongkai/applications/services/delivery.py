"""Getting the answer to the applicant: the reply's attachments, the applicant's
downloads (logged), the e-mail when answered and the recorded delivery (送达/签收)."""

import logging
import smtplib
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from .. import conf
from ..attachments import AttachmentRefused, check_file
from ..enums import DeliveryMethod, EventKind, Status
from ..models import Application, ReplyAttachment
from .common import (
    ApplicationError,
    begin,
    day_or_today,
    not_before,
    record_event,
    require_status,
    save_fields,
    today,
)

logger = logging.getLogger(__name__)
HEAD_BYTES = 2048
# Attached to the e-mail only up to this total; larger answers are downloaded.
MAIL_ATTACHMENTS_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def add_reply_attachment(
    *, application: Application, acting_user: Any, upload: UploadedFile
) -> ReplyAttachment:
    """Attach a file to the reply (before or after replying; not once it ended otherwise)."""
    begin(application, acting_user)
    require_status(
        application,
        (Status.IN_PROGRESS, Status.REPLIED),
        _("只有办理中或已答复的申请可以上传答复附件。"),
    )
    if application.reply_attachments.count() >= conf.attachments_per_application():
        raise ApplicationError(
            _("每件申请最多上传 %(n)d 个附件。")
            % {"n": conf.attachments_per_application()}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    try:
        checked = check_file(
            name=upload.name or "",
            size=upload.size or 0,
            head=head,
            max_bytes=conf.attachment_max_bytes(),
        )
    except AttachmentRefused as exc:
        raise ApplicationError(str(exc)) from None
    attachment = ReplyAttachment(
        application=application,
        name=checked.name,
        content_type=checked.content_type,
        size=upload.size or 0,
        uploaded_by=acting_user,
    )
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    record_event(
        application,
        EventKind.ATTACHMENT_ADDED,
        actor=acting_user,
        data={"attachment": attachment.pk, "name": checked.name, "size": upload.size},
    )
    return attachment


@transaction.atomic
def remove_reply_attachment(*, attachment: ReplyAttachment, acting_user: Any) -> None:
    """Remove a wrong file before the reply; after it the applicant may have it."""
    application = attachment.application
    begin(application, acting_user)
    require_status(
        application, (Status.IN_PROGRESS,), _("已答复的申请不能删除答复附件。")
    )
    record_event(
        application,
        EventKind.ATTACHMENT_REMOVED,
        actor=acting_user,
        data={"attachment": attachment.pk, "name": attachment.name},
    )
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def record_download(*, attachment: ReplyAttachment, address: str) -> None:
    """Log the applicant's download (the access log of the disclosed files)."""
    record_event(
        attachment.application,
        EventKind.ATTACHMENT_DOWNLOADED,
        actor=None,
        data={"attachment": attachment.pk, "address": address},
    )


@transaction.atomic
def record_delivery(
    *,
    application: Application,
    acting_user: Any,
    method: str,
    delivered_on: date | None = None,
    note: str = "",
) -> Application:
    """Record that the answer reached the applicant (邮寄签收, 当面领取, e-mail sent)."""
    begin(application, acting_user)
    require_status(application, (Status.REPLIED,), _("只有已答复的申请才能登记送达。"))
    if method not in DeliveryMethod.values:
        raise ApplicationError(_("请选择送达方式。"))
    delivered_on = day_or_today(delivered_on)
    not_before(delivered_on, application.concluded_on, _("答复日期"))
    _mark_delivered(application, method, delivered_on, actor=acting_user, note=note)
    return application


def _mark_delivered(
    application: Application, method: str, on: date, *, actor: Any, note: str = ""
) -> None:
    save_fields(application, delivered_on=on)
    record_event(
        application,
        EventKind.DELIVERED,
        actor=actor,
        note=note,
        data={"method": method, "delivered_on": on.isoformat()},
    )


def notify_applicant_of_reply(application: Application) -> bool:
    """E-mail the applicant that the application was answered (if an e-mail was given);
    with 电子邮件 as the chosen delivery the files go along and the mail is the delivery.
    Runs after the reply is committed; a failed mail is recorded, never raised."""
    if not application.email or settings.EMAIL_BACKEND.endswith("dummy.EmailBackend"):
        return False
    attachments = list(application.reply_attachments.all())
    by_mail = application.delivery_method == DeliveryMethod.EMAIL and (
        sum(a.size for a in attachments) <= MAIL_ATTACHMENTS_MAX_BYTES
    )
    message = EmailMessage(
        subject=_("您的政府信息公开申请已答复（%(code)s）")
        % {"code": application.display_tracking_code},
        body=_mail_body(application, attachments, by_mail=by_mail),
        to=[application.email],
    )
    if by_mail:
        for attachment in attachments:
            with attachment.file.open("rb") as handle:
                message.attach(attachment.name, handle.read(), attachment.content_type)
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("reply mail for application %s failed: %s", application.pk, exc)
        record_event(
            application, EventKind.MAIL_FAILED, actor=None, note=str(exc)[:200]
        )
        return False
    record_event(
        application,
        EventKind.APPLICANT_NOTIFIED,
        actor=None,
        data={"with_attachments": by_mail and bool(attachments)},
    )
    if by_mail and application.delivered_on is None:
        _mark_delivered(
            application,
            DeliveryMethod.EMAIL,
            application.concluded_on or today(),
            actor=None,
        )
    return True


def _mail_body(
    application: Application, attachments: list[ReplyAttachment], *, by_mail: bool
) -> str:
    site = Site.objects.filter(is_default_site=True).first()
    status_url = (site.root_url if site else "") + reverse("apply:status")
    lines = [
        _(
            "您向%(department)s提出的政府信息公开申请（查询码 %(code)s）已于%(day)s作出答复。"
        )
        % {
            "department": application.department.name,
            "code": application.display_tracking_code,
            "day": f"{application.concluded_on:%Y年%m月%d日}",
        },
        "",
    ]
    if attachments and by_mail:
        lines.append(
            _("答复所附文件见本邮件附件（%(n)d个）。") % {"n": len(attachments)}
        )
    elif attachments:
        lines.append(
            _(
                "答复所附文件（%(n)d个）请在办理进度查询页面凭查询码和联系电话后4位下载："
            )
            % {"n": len(attachments)}
        )
    else:
        lines.append(_("答复书请在办理进度查询页面凭查询码和联系电话后4位查看："))
    lines += [status_url, "", _("本邮件由系统自动发送，请勿直接回复。")]
    return "\n".join(lines)
