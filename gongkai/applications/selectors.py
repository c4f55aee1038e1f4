"""Reads of applications for the office lists, the detail page, the public status page
and the public disclosure log (依申请公开目录)."""

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gongkai.core.models import Organisation
from gongkai.workdays.calendar import CalendarDataMissing, WorkdayCalendar

from .deadlines import countdown
from .enums import PUBLIC_EVENT_KINDS, ResultType, Status
from .models import (
    PII_FIELDS,
    Application,
    ApplicationEvent,
    Consultation,
)
from .permissions import can_see_personal_data, department_ids_for
from .pii import status_hash
from .tracking_codes import normalise_tracking_code

# Compared when no application matches, so a wrong code takes as long as a wrong phone.
_DUMMY_HASH = "\x00" * 64


def list_applications_for_user(
    user: Any,
    *,
    today: date,
    calendar: WorkdayCalendar | None = None,
    status: str | None = None,
    department: Organisation | int | None = None,
    due_within: int | None = None,
    overdue: bool | None = None,
) -> QuerySet[Application]:
    """The applications of the departments `user` handles, newest first, filtered.

    `due_within` keeps those with a running clock due in the next N working days
    (today included); it needs `calendar` and raises CalendarDataMissing when the
    calendar cannot count that far.
    """
    applications = (
        Application.objects.for_departments(department_ids_for(user))
        .select_related("department", "handler")
        .order_by("-submitted_at", "-pk")
    )
    if status:
        applications = applications.filter(status=status)
    if department:
        applications = applications.filter(department=department)
    if overdue:
        applications = applications.overdue(today)
    if due_within is not None:
        if calendar is None:
            raise ValueError("due_within needs a calendar")
        last = calendar.add_working_days(today, due_within) if due_within > 0 else today
        applications = applications.due_between(today, last)
    return applications


def get_application_for_officer(
    user: Any, pk: int, *, read_only_ok: bool = False
) -> tuple[Application, bool]:
    """The application and whether `user` may see its full personal data.

    Raises Application.DoesNotExist outside the user's departments. Reads only: showing
    the full data is logged by services.personal_data.open_application_for_officer.
    `read_only_ok` also finds the applications the user's offices transferred away
    (the detail page only; every action and download stays with the current office).
    """
    department_ids = department_ids_for(user)
    applications = Application.objects.for_departments(department_ids)
    if read_only_ok and department_ids is not None:
        # The office that transferred it away (转办) keeps sight of it, read-only.
        applications = Application.objects.filter(
            Q(department_id__in=department_ids)
            | Q(transfers__from_department_id__in=department_ids)
        ).distinct()
    application = applications.select_related("department", "handler").get(pk=pk)
    return application, can_see_personal_data(user, application)


def get_application_for_status(
    *, tracking_code: str, phone_tail: str
) -> Application | None:
    """The application for the public status page, or None.

    Both factors must match; the answer never tells which one was wrong, and the
    phone digits are compared in constant time even when no code matches.
    """
    code = normalise_tracking_code(tracking_code)
    # The phone tail is checked against its keyed hash, and the encrypted fields are not
    # even loaded: the public page never decrypts an applicant's personal data.
    application = (
        Application.objects.select_related("department")
        .defer(*PII_FIELDS)
        .filter(tracking_code=code)
        .first()
        if code
        else None
    )
    expected = application.phone_status_hash if application else _DUMMY_HASH
    given = "".join(ch for ch in phone_tail if ch.isascii() and ch.isdigit())[-4:]
    given_hash = status_hash(code or "", given) if len(given) == 4 else ""
    matches = hmac.compare_digest(expected.encode(), given_hash.encode())
    return application if matches and application is not None else None


@dataclass(frozen=True)
class PublicEvent:
    kind: str
    label: str
    at: datetime


def list_public_timeline(*, application: Application) -> list[PublicEvent]:
    """The steps an applicant sees: kind, label and time, never notes or officers."""
    events = ApplicationEvent.objects.filter(
        application=application, kind__in=PUBLIC_EVENT_KINDS
    ).only("kind", "at")
    return [PublicEvent(e.kind, e.get_kind_display(), e.at) for e in events]


@dataclass(frozen=True)
class DisclosureLogEntry:
    """One answered application in the public log: no personal data at all."""

    number: str
    department: str
    received_on: date | None
    concluded_on: date
    subject: str
    result_type: str
    result_label: str
    result_group: str


def list_disclosure_log(
    *, department: Organisation | None = None, year: int | None = None
) -> list[DisclosureLogEntry]:
    """Answered applications, newest first, with the officer-written public subject only."""
    rows = Application.objects.filter(status=Status.REPLIED)
    if department is not None:
        rows = rows.filter(department=department)
    if year is not None:
        rows = rows.filter(concluded_on__year=year)
    values = rows.order_by("-concluded_on", "-pk").values(
        "pk",
        "department__name",
        "received_on",
        "concluded_on",
        "public_title",
        "result_type",
    )
    return [_log_entry(row) for row in values]


def _log_entry(row: Mapping[str, Any]) -> DisclosureLogEntry:
    result = ResultType(row["result_type"])
    return DisclosureLogEntry(
        number=f"{row['concluded_on']:%Y}-{row['pk']:05d}",
        department=row["department__name"],
        received_on=row["received_on"],
        concluded_on=row["concluded_on"],
        subject=row["public_title"] or _("（未公开申请事项）"),
        result_type=result.value,
        result_label=str(result.label),
        result_group=str(result.group.label),
    )


@dataclass(frozen=True)
class DeadlineView:
    """What a list or detail page shows about an application's deadline."""

    due_on: date | None
    working_days_left: int | None
    is_overdue: bool
    message: str
    is_calendar_missing: bool = False

    @property
    def working_days_overdue(self) -> int:
        return -(self.working_days_left or 0) if self.is_overdue else 0


def describe_deadline(
    application: Application, *, calendar: WorkdayCalendar, today: date
) -> DeadlineView:
    """Due date and working days left, or why there is none; never raises."""
    if application.calendar_missing_year:
        return _missing(None, application.calendar_missing_year)
    if application.status == Status.AWAITING_CORRECTION:
        note = _("待申请人补正（补正期限 %(day)s）") % {
            "day": application.correction_due_on
        }
        return DeadlineView(None, None, False, note)
    if application.due_on is None or not application.is_open:
        return DeadlineView(application.due_on, None, False, "")
    try:
        left = countdown(application.due_on, calendar, today=today)
    except CalendarDataMissing as exc:
        return _missing(application.due_on, exc.year)
    return DeadlineView(application.due_on, left.working_days_left, left.is_overdue, "")


def _missing(due_on: date | None, year: int) -> DeadlineView:
    message = _("%(year)d年工作日历尚未录入") % {"year": year}
    return DeadlineView(due_on, None, False, message, is_calendar_missing=True)


def list_events(*, application: Application) -> QuerySet[ApplicationEvent]:
    """The full timeline for the office: every event with its officer."""
    return ApplicationEvent.objects.filter(application=application).select_related(
        "actor"
    )


def list_cohandling_for_user(user: Any) -> QuerySet[Consultation]:
    """Open consultations (协办, Art. 34) addressed to the organisations `user` handles."""
    department_ids = department_ids_for(user)
    consultations = Consultation.objects.filter(
        organisation__isnull=False, finished_on__isnull=True
    )
    if department_ids is not None:
        consultations = consultations.filter(organisation_id__in=department_ids)
    return consultations.select_related(
        "application__department", "organisation"
    ).order_by("reply_due_on", "pk")


def get_cohandling_for_user(user: Any, pk: int) -> Consultation:
    """One consultation addressed to the user's organisations (any state);
    Consultation.DoesNotExist otherwise."""
    department_ids = department_ids_for(user)
    consultations = Consultation.objects.filter(organisation__isnull=False)
    if department_ids is not None:
        consultations = consultations.filter(organisation_id__in=department_ids)
    return consultations.select_related("application__department", "organisation").get(
        pk=pk
    )
