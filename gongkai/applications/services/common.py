"""What every application service shares: errors, locking, events and due dates."""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.workdays.calendar import CalendarDataMissing, WorkdayCalendar
from gongkai.workdays.conf import count_day_of_receipt
from gongkai.workdays.selectors import get_calendar

from ..deadlines import Pause, ReplyClock, reply_due_on
from ..enums import CLOCK_STATUSES, EventKind, ResultType, Status
from ..models import Application, ApplicationEvent, FeeNotice
from ..permissions import check_can_handle

T = TypeVar("T")


class ApplicationError(Exception):
    """The application's state or the law does not allow the action (Chinese message)."""


def begin(application: Application, acting_user: Any) -> None:
    """Lock the row, reload it and check that `acting_user` handles its department."""
    Application.objects.select_for_update().filter(pk=application.pk).exists()
    application.refresh_from_db()
    check_can_handle(acting_user, application)


def require_status(
    application: Application, statuses: Iterable[str], message: str
) -> None:
    if application.status not in tuple(statuses):
        raise ApplicationError(message)


def calendar() -> WorkdayCalendar:
    return get_calendar()


def today() -> date:
    return timezone.localdate()


def iso_or_none(day: date | None) -> str | None:
    """A date as event data (JSON): ISO text, or None."""
    return day.isoformat() if day else None


def day_or_today(day: date | None) -> date:
    """The given day, or today; refuses days in the future."""
    current = today()
    if day is None:
        return current
    if day > current:
        raise ApplicationError(
            _("日期不能晚于今天（%(today)s）。") % {"today": current}
        )
    return day


def not_before(day: date, earliest: date | None, what: str) -> None:
    if earliest is not None and day < earliest:
        raise ApplicationError(
            _("日期不能早于%(what)s（%(day)s）。") % {"what": what, "day": earliest}
        )


def counted(rule: Callable[[WorkdayCalendar], T]) -> T:
    """Apply a deadline rule to the calendar; a missing year becomes an ApplicationError."""
    try:
        return rule(calendar())
    except CalendarDataMissing as exc:
        raise ApplicationError(str(exc)) from None


def save_fields(instance: models.Model, **values: Any) -> None:
    """Set the given fields and save only them."""
    for field, value in values.items():
        setattr(instance, field, value)
    instance.save(update_fields=list(values))


def conclude(
    application: Application, result: ResultType, status: Status, on: date
) -> None:
    """Record the final result (a row of table 3) and the day the application ended."""
    save_fields(application, result_type=result, status=status, concluded_on=on)


def record_event(
    application: Application,
    kind: EventKind,
    *,
    actor: Any,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
        data=data or {},
    )


def reply_clock(application: Application) -> ReplyClock | None:
    """The application's reply clock, or None while it has not started."""
    if application.received_on is None or application.status not in CLOCK_STATUSES:
        return None
    pauses = [
        Pause(start=c.started_on, end=c.finished_on, limit=c.reply_due_on)
        for c in application.consultations.all()
    ]
    fee = FeeNotice.objects.filter(application=application).first()
    if fee is not None:
        pauses.append(
            Pause(start=fee.issued_on, end=fee.paid_on, limit=fee.payment_due_on)
        )
    return ReplyClock(
        received_on=application.received_on,
        corrected_on=application.corrected_on,
        extension_working_days=application.extension_working_days,
        pauses=tuple(pauses),
        count_day_of_receipt=count_day_of_receipt(),
    )


def refresh_due_on(application: Application) -> None:
    """Recompute and store the reply due date (None while the clock has not started).

    A year missing from the working-day calendar leaves no due date and records the
    year, so lists can say which year to enter instead of failing.
    """
    due_on, missing_year = application.due_on, None
    clock = reply_clock(application)
    if clock is not None:
        try:
            due_on = reply_due_on(clock, calendar(), as_of=today())
        except CalendarDataMissing as exc:
            due_on, missing_year = None, exc.year
    elif application.status in (Status.SUBMITTED, Status.AWAITING_CORRECTION):
        due_on = None
    application.due_on, application.calendar_missing_year = due_on, missing_year
    application.save(update_fields=["due_on", "calendar_missing_year"])
