"""Receiving applications: online submission, registration by the office, receipt
confirmation (条例第三十一条) and assignment to a department and an officer."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.models import Organisation

from ..deadlines import ReceiptDateError, receipt_date
from ..enums import OPEN_STATUSES, ApplicantKind, Channel, EventKind, Status
from ..identifiers import normalise_id_number, normalise_phone
from ..models import Application, SubmissionToken
from ..permissions import can_handle_department
from ..tracking_codes import new_tracking_code
from .common import (
    ApplicationError,
    begin,
    day_or_today,
    iso_or_none,
    record_event,
    refresh_due_on,
    require_status,
)
from .notices import notify_applicant_later

APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "id_type",
    "id_number",
    "organisation_type",
    "legal_representative",
    "contact_name",
    "phone",
    "email",
    "address",
    "postcode",
)
REQUEST_FIELDS = (
    "title",
    "description",
    "document_number",
    "index_number",
    "information_form",
    "delivery_method",
)
DATA_FIELDS = APPLICANT_FIELDS + REQUEST_FIELDS
LEGAL_PERSON_FIELDS = ("organisation_type", "legal_representative", "contact_name")


def build_application(
    *, department: Organisation, data: Mapping[str, Any], channel: str
) -> Application:
    """An unsaved, validated application from form data (keys of DATA_FIELDS).

    Raises ValidationError with Chinese messages per field.
    """
    values = {
        field: data[field] for field in DATA_FIELDS if data.get(field) is not None
    }
    application = Application(department=department, channel=channel, **values)
    application.id_number = normalise_id_number(application.id_number)
    application.phone = normalise_phone(application.phone)
    if application.applicant_kind == ApplicantKind.NATURAL_PERSON:
        for field in LEGAL_PERSON_FIELDS[:2]:
            setattr(application, field, "")
    application.full_clean(exclude=["tracking_code"])
    return application


def _save_with_tracking_code(application: Application) -> None:
    # 59 random bits: a clash is practically impossible, but never fatal.
    for _attempt in range(5):
        application.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                application.save()
            return
        except IntegrityError:
            if Application.objects.filter(
                tracking_code=application.tracking_code
            ).exists():
                continue
            raise
    raise RuntimeError("could not allocate a unique tracking code")


@transaction.atomic
def submit_application(
    *, department: Organisation, data: Mapping[str, Any], channel: str = Channel.ONLINE
) -> Application:
    """Save an application sent from the public site and give it a tracking code.

    Online applications count as received when the office confirms them
    (confirm_receipt), as Art. 31 requires both parties to confirm. Raises
    ValidationError (per field, Chinese) for bad input.
    """
    application = build_application(department=department, data=data, channel=channel)
    _save_with_tracking_code(application)
    record_event(
        application, EventKind.SUBMITTED, actor=None, data={"channel": channel}
    )
    notify_applicant_later(application, "receipt")
    return application


@transaction.atomic
def submit_with_form_token(
    *, department: Organisation, data: Mapping[str, Any], nonce: str
) -> Application:
    """submit_application for the public form, recording the form token's nonce in
    the same transaction: a second post of the same form raises IntegrityError (the
    unique nonce) and its application rolls back with it."""
    application = submit_application(
        department=department, data=data, channel=Channel.ONLINE
    )
    SubmissionToken.objects.create(nonce=nonce, application=application)
    return application


@transaction.atomic
def register_application(
    *,
    acting_user: Any,
    department: Organisation,
    data: Mapping[str, Any],
    channel: str,
    submitted_on: date,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
) -> Application:
    """Register an application the office received (in person, by post, fax or e-mail).

    The receipt date follows the channel (Art. 31); the registering officer handles it.
    """
    if not can_handle_department(acting_user, department.pk):
        raise PermissionDenied
    received_on = _receipt_date(channel, submitted_on, signed_on, confirmed_on)
    application = build_application(department=department, data=data, channel=channel)
    application.handler = acting_user
    _save_with_tracking_code(application)
    data = {"channel": channel, "submitted_on": submitted_on.isoformat()}
    record_event(application, EventKind.REGISTERED, actor=acting_user, data=data)
    if received_on is not None:
        _start_clock(application, received_on, actor=acting_user)
    notify_applicant_later(application, "receipt")
    return application


def _receipt_date(
    channel: str, submitted_on: date, signed_on: date | None, confirmed_on: date | None
) -> date | None:
    for day in (submitted_on, signed_on, confirmed_on):
        if day is not None:
            day_or_today(day)  # refuses future dates
    try:
        return receipt_date(
            channel,
            submitted_on=submitted_on,
            signed_on=signed_on,
            confirmed_on=confirmed_on,
        )
    except ReceiptDateError as exc:
        raise ApplicationError(str(exc)) from None


def _start_clock(application: Application, received_on: date, *, actor: Any) -> None:
    application.received_on, application.status = received_on, Status.IN_PROGRESS
    application.save(update_fields=["received_on", "status"])
    refresh_due_on(application)
    record_event(
        application,
        EventKind.RECEIPT_CONFIRMED,
        actor=actor,
        data={
            "received_on": received_on.isoformat(),
            "due_on": iso_or_none(application.due_on),
        },
    )


@transaction.atomic
def confirm_receipt(
    *, application: Application, acting_user: Any, confirmed_on: date | None = None
) -> Application:
    """Confirm an application that awaits confirmation (online, fax, ordinary post):
    the confirmation day is the receipt day and the reply clock starts (Art. 31)."""
    begin(application, acting_user)
    require_status(application, [Status.SUBMITTED], _("该申请已确认收到。"))
    confirmed_on = day_or_today(confirmed_on)
    if confirmed_on < timezone.localdate(application.submitted_at):
        raise ApplicationError(_("确认日期不能早于申请提交日期。"))
    if application.handler_id is None:
        application.handler = acting_user
        application.save(update_fields=["handler"])
    _start_clock(application, confirmed_on, actor=acting_user)
    return application


@transaction.atomic
def assign_department(
    *,
    application: Application,
    acting_user: Any,
    department: Organisation,
    handler: Any | None = None,
) -> Application:
    """Hand an open application to a department (分办), optionally to one officer there."""
    begin(application, acting_user)
    require_status(application, OPEN_STATUSES, _("已办结的申请不能再分办。"))
    if handler is not None and not can_handle_department(handler, department.pk):
        raise ApplicationError(
            _("%(user)s 不是%(department)s的办理人员。")
            % {"user": handler, "department": department}
        )
    previous = application.department
    application.department, application.handler = department, handler
    application.save(update_fields=["department", "handler"])
    record_event(
        application,
        EventKind.ASSIGNED,
        actor=acting_user,
        data={
            "from": previous.name,
            "to": department.name,
            "handler": str(handler or ""),
        },
    )
    return application


@transaction.atomic
def take_application(*, application: Application, acting_user: Any) -> Application:
    """Make `acting_user` the officer handling the application (承办)."""
    begin(application, acting_user)
    require_status(application, OPEN_STATUSES, _("已办结的申请不能再承办。"))
    application.handler = acting_user
    application.save(update_fields=["handler"])
    record_event(application, EventKind.TAKEN, actor=acting_user)
    return application
