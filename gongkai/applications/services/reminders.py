"""The daily deadline check: flag what is due soon or overdue and tell the officers."""

from dataclasses import dataclass, field
from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.workdays.calendar import CalendarDataMissing

from ..enums import CLOCK_STATUSES, EventKind
from ..models import Application, ApplicationEvent
from .common import calendar, record_event, refresh_due_on


@dataclass
class FlagResult:
    due_soon: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)
    missing_years: set[int] = field(default_factory=set)


def flag_due_applications(
    *, today: date, within: int, dry_run: bool = False
) -> FlagResult:
    """Refresh the due dates of running applications, then flag (an event, once a day)
    and e-mail the handler of each one due within `within` working days or overdue."""
    result = FlagResult()
    for application in Application.objects.filter(status__in=CLOCK_STATUSES):
        kind = _classify(
            application, today=today, within=within, dry_run=dry_run, result=result
        )
        if kind is None or _flagged_today(application, kind, today):
            continue
        (
            result.overdue if kind == EventKind.OVERDUE_FLAGGED else result.due_soon
        ).append(application.pk)
        if not dry_run:
            _flag(application, kind, today)
    return result


def _classify(
    application: Application,
    *,
    today: date,
    within: int,
    dry_run: bool,
    result: FlagResult,
) -> EventKind | None:
    if not dry_run:
        with transaction.atomic():
            refresh_due_on(application)
    if application.calendar_missing_year:
        result.missing_years.add(application.calendar_missing_year)
    if application.due_on is None:
        return None
    if application.due_on < today:
        return EventKind.OVERDUE_FLAGGED
    try:
        last = calendar().add_working_days(today, within) if within > 0 else today
    except CalendarDataMissing as exc:
        result.missing_years.add(exc.year)
        return None
    return EventKind.DUE_SOON_FLAGGED if application.due_on <= last else None


def _flagged_today(application: Application, kind: EventKind, today: date) -> bool:
    return ApplicationEvent.objects.filter(
        application=application, kind=kind, data__flagged_on=today.isoformat()
    ).exists()


@transaction.atomic
def _flag(application: Application, kind: EventKind, today: date) -> None:
    record_event(
        application,
        kind,
        actor=None,
        data={
            "flagged_on": today.isoformat(),
            "due_on": application.due_on.isoformat() if application.due_on else None,
        },
    )
    handler = application.handler
    if handler is not None and handler.email:
        subject = _("依申请公开答复期限提醒：%(code)s") % {
            "code": application.display_tracking_code
        }
        body = _("申请“%(title)s”的答复期限为%(due)s（%(kind)s）。") % {
            "title": application.title,
            "due": application.due_on,
            "kind": EventKind(kind).label,
        }
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [handler.email], fail_silently=True)
        )
