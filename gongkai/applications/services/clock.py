"""Events that move the reply deadline: consultations (条例第三十二、三十四条; their time
is not counted, Art. 33) and the one extension of up to 20 working days (Art. 33)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.models import Organisation

from ..deadlines import MAX_EXTENSION_WORKING_DAYS, consultation_limit
from ..enums import CLOCK_STATUSES, ConsultationKind, EventKind, Status
from ..models import Application, Consultation
from .common import (
    ApplicationError,
    begin,
    counted,
    day_or_today,
    iso_or_none,
    not_before,
    record_event,
    refresh_due_on,
    require_status,
    save_fields,
)
from .notices import notify_applicant_later


@transaction.atomic
def start_consultation(
    *,
    application: Application,
    acting_user: Any,
    kind: str,
    party: str,
    started_on: date | None = None,
    party_address: str = "",
    note: str = "",
    organisation: Organisation | None = None,
) -> Consultation:
    """Ask a third party or another agency for its opinion; the clock pauses for up to
    15 working days (until the answer is recorded).

    With `organisation` (another organisation of the platform, Art. 34 协办) its office
    sees the request in its list and answers it here (services.cohandling)."""
    begin(application, acting_user)
    started_on = day_or_today(started_on)
    if organisation is not None:
        party = party.strip() or organisation.name
        _check_cohandling(application, kind, organisation)
    _check_consultation(application, kind, party, started_on)
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        organisation=organisation,
        party=party.strip(),
        party_address=party_address.strip(),
        started_on=started_on,
        reply_due_on=counted(lambda cal: consultation_limit(started_on, cal)),
    )
    refresh_due_on(application)
    data = {"consultation": consultation.pk, "kind": kind, "party": consultation.party,
            "started_on": started_on.isoformat()}  # fmt: skip
    record_event(
        application,
        EventKind.CONSULTATION_STARTED,
        actor=acting_user,
        note=note,
        data=data,
    )
    return consultation


def _check_cohandling(
    application: Application, kind: str, organisation: Organisation
) -> None:
    if kind != ConsultationKind.AGENCY:
        raise ApplicationError(
            _("只有征求其他机关意见（第三十四条）可以选择本平台机构。")
        )
    if organisation.pk == application.department_id:
        raise ApplicationError(_("不能向本机关征求意见，请选择其他机关。"))


def _check_consultation(
    application: Application, kind: str, party: str, started_on: date
) -> None:
    require_status(
        application, [Status.IN_PROGRESS], _("只有办理中的申请可以征求意见。")
    )
    if kind not in ConsultationKind.values:
        raise ApplicationError(_("请选择征求意见的类型。"))
    if not party.strip():
        raise ApplicationError(_("请填写被征求意见的第三方或机关名称。"))
    started = application.corrected_on or application.received_on
    not_before(started_on, started, _("收到申请日期"))


@transaction.atomic
def finish_consultation(
    *,
    consultation: Consultation,
    acting_user: Any,
    finished_on: date | None = None,
    opinion: str = "",
) -> Consultation:
    """Record the consulted party's answer (or its silence); the clock resumes."""
    application = consultation.application
    begin(application, acting_user)
    consultation.refresh_from_db()
    if not consultation.is_open:
        raise ApplicationError(_("该征求意见已经结束。"))
    finished_on = day_or_today(finished_on)
    not_before(finished_on, consultation.started_on, _("发出征求意见日期"))
    save_fields(consultation, finished_on=finished_on, opinion=opinion.strip())
    refresh_due_on(application)
    record_event(
        application,
        EventKind.CONSULTATION_FINISHED,
        actor=acting_user,
        note=consultation.opinion,
        data={"consultation": consultation.pk, "finished_on": finished_on.isoformat()},
    )
    return consultation


@transaction.atomic
def extend_deadline(
    *,
    application: Application,
    acting_user: Any,
    working_days: int,
    approved_by: str,
    reason: str,
    extended_on: date | None = None,
) -> Application:
    """Extend the reply deadline once, by at most 20 working days, with the approval of
    the head of the disclosure office recorded (Art. 33)."""
    begin(application, acting_user)
    extended_on = day_or_today(extended_on)
    _check_extension(application, working_days, approved_by, reason, extended_on)
    old_due_on = application.due_on
    save_fields(
        application,
        extended_on=extended_on,
        extension_working_days=working_days,
        extension_approved_by=approved_by.strip(),
        extension_reason=reason.strip(),
    )
    refresh_due_on(application)
    if application.due_on is None:
        # The 延期告知书 must name the new date; raising rolls the extension back.
        raise ApplicationError(_unknown_due_message(application))
    data = {"working_days": working_days, "approved_by": application.extension_approved_by,
            "from": iso_or_none(old_due_on), "to": iso_or_none(application.due_on)}  # fmt: skip
    record_event(
        application, EventKind.EXTENDED, actor=acting_user,
        note=application.extension_reason, data=data,
    )  # fmt: skip
    notify_applicant_later(application, "extension")
    return application


def _check_extension(
    application: Application,
    working_days: int,
    approved_by: str,
    reason: str,
    extended_on: date,
) -> None:
    require_status(application, CLOCK_STATUSES, _("只有办理中的申请可以延期答复。"))
    if application.extension_working_days:
        raise ApplicationError(_("该申请已延期一次，不能再次延期。"))
    if not 1 <= working_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ApplicationError(_("延长的期限应为1至20个工作日。"))
    if not approved_by.strip() or not reason.strip():
        raise ApplicationError(_("延期须写明理由，并记录批准延期的负责人。"))
    if application.due_on is None:
        raise ApplicationError(_unknown_due_message(application))
    if extended_on > application.due_on:
        raise ApplicationError(
            _("答复期限（%(day)s）已过，不能再延期。") % {"day": application.due_on}
        )


def _unknown_due_message(application: Application) -> str:
    if application.calendar_missing_year:
        return _(
            "%(year)s年工作日历尚未录入，无法计算答复期限，不能延期；"
            "请先在“工作日历”中录入该年度的放假和调休安排。"
        ) % {"year": application.calendar_missing_year}
    return _("答复期限尚无法计算，不能延期。")
