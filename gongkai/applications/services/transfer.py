"""转办: an application addressed to the wrong organisation of the platform goes, with a
reason, to the organisation that answers it. The reference has no explicit clock rule
for this; conf.transfer_clock() says which reading applies (docs/features/applications.md)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.models import Organisation

from .. import conf
from ..enums import EventKind, Status, TransferClock
from ..models import Application, ApplicationTransfer
from .common import (
    ApplicationError,
    begin,
    day_or_today,
    iso_or_none,
    not_before,
    record_event,
    refresh_due_on,
    require_status,
    save_fields,
)
from .notices import notify_applicant_later

TRANSFERABLE_STATUSES = (Status.SUBMITTED, Status.IN_PROGRESS)


@transaction.atomic
def transfer_application(
    *,
    application: Application,
    acting_user: Any,
    department: Organisation,
    reason: str,
    transferred_on: date | None = None,
) -> ApplicationTransfer:
    """Send the application to `department` (another organisation of the platform).

    The receiving office handles it from now on; the sending office keeps read-only
    sight of it. With the "restart" clock (default) the receiving agency's receipt
    date is the transfer day (Art. 31) and the correction, pauses and extension of the
    first agency no longer apply; with "keep" the first receipt date stays.
    """
    begin(application, acting_user)
    transferred_on = day_or_today(transferred_on)
    _check_transfer(application, department, reason, transferred_on)
    clock = conf.transfer_clock()
    previous = application.department
    transfer = ApplicationTransfer.objects.create(
        application=application,
        from_department=previous,
        to_department=department,
        reason=reason.strip(),
        transferred_on=transferred_on,
        clock=clock,
        actor=acting_user if acting_user.is_authenticated else None,
    )
    old_due_on = application.due_on
    save_fields(application, department=department, handler=None)
    if clock == TransferClock.RESTART and application.status == Status.IN_PROGRESS:
        save_fields(
            application,
            received_on=transferred_on,
            # The receiving agency gets its own Art. 30 window (one 补正 notice within
            # 7 working days of its receipt); the first agency's notice stays in events.
            correction_requested_on=None,
            correction_due_on=None,
            correction_items="",
            corrected_on=None,
            extended_on=None,
            extension_working_days=0,
            extension_approved_by="",
            extension_reason="",
        )
    refresh_due_on(application)
    data = {"transfer": transfer.pk, "from": previous.name, "to": department.name,
            "clock": clock, "transferred_on": transferred_on.isoformat(),
            "old_due_on": iso_or_none(old_due_on),
            "due_on": iso_or_none(application.due_on)}  # fmt: skip
    record_event(
        application,
        EventKind.TRANSFERRED,
        actor=acting_user,
        note=transfer.reason,
        data=data,
    )
    notify_applicant_later(application, "transfer")
    return transfer


def _check_transfer(
    application: Application,
    department: Organisation,
    reason: str,
    transferred_on: date,
) -> None:
    require_status(
        application,
        TRANSFERABLE_STATUSES,
        _("只有待确认收到或办理中的申请可以转办。"),
    )
    if department.pk == application.department_id:
        raise ApplicationError(_("请选择另一个机构作为接收机构。"))
    if not reason.strip():
        raise ApplicationError(_("请写明转办理由。"))
    if application.consultations.filter(finished_on__isnull=True).exists():
        raise ApplicationError(_("尚有未结束的征求意见，不能转办。"))
    if hasattr(application, "fee_notice"):
        raise ApplicationError(_("已发出收费通知的申请不能转办。"))
    not_before(transferred_on, application.received_on, _("收到申请日期"))
