"""补正 (条例第三十条): one notice within 7 working days of receipt; the clock restarts on
the corrected application; no correction in time closes it (table 3, 其他处理 1)."""

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.conf import count_day_of_receipt

from .. import conf
from ..deadlines import CORRECTION_NOTICE_WORKING_DAYS, correction_notice_last_day
from ..enums import EventKind, ResultType, Status
from ..models import Application
from .common import (
    ApplicationError,
    begin,
    calendar,
    conclude,
    counted,
    day_or_today,
    not_before,
    record_event,
    refresh_due_on,
    require_status,
    save_fields,
)
from .intake import REQUEST_FIELDS
from .notices import notify_applicant_later

CORRECTABLE_FIELDS = REQUEST_FIELDS


@transaction.atomic
def request_correction(
    *,
    application: Application,
    acting_user: Any,
    items: str,
    requested_on: date | None = None,
    correction_due_on: date | None = None,
) -> Application:
    """Ask the applicant, once, to correct the application (补正告知).

    Refused after the 7th working day from receipt. The applicant's period defaults to
    conf.correction_working_days() working days after the notice.
    """
    begin(application, acting_user)
    requested_on = day_or_today(requested_on)
    _check_correction_request(application, items, requested_on)
    correction_due_on = _correction_due_on(requested_on, correction_due_on)
    save_fields(
        application,
        correction_requested_on=requested_on,
        correction_due_on=correction_due_on,
        correction_items=items.strip(),
        status=Status.AWAITING_CORRECTION,
    )
    refresh_due_on(application)
    data = {
        "requested_on": requested_on.isoformat(),
        "correction_due_on": correction_due_on.isoformat(),
    }
    record_event(
        application,
        EventKind.CORRECTION_REQUESTED,
        actor=acting_user,
        note=application.correction_items,
        data=data,
    )
    notify_applicant_later(application, "correction")
    return application


def _check_correction_request(
    application: Application, items: str, requested_on: date
) -> None:
    require_status(
        application, [Status.IN_PROGRESS], _("只有办理中的申请可以告知补正。")
    )
    if application.correction_requested_on is not None:
        raise ApplicationError(_("该申请已告知过补正，补正只能告知一次。"))
    if not items.strip():
        raise ApplicationError(_("请写明需要补正的事项。"))
    not_before(requested_on, application.received_on, _("收到申请日期"))
    _check_notice_in_time(application, requested_on)


def _correction_due_on(requested_on: date, given: date | None) -> date:
    """The applicant's period: the date given, or the default number of working days."""
    if given is None:
        days = conf.correction_working_days()
        try:
            return calendar().add_working_days(requested_on, days)
        except CalendarDataMissing as exc:
            raise ApplicationError(
                _(
                    "%(year)s年工作日历尚未录入，无法计算默认的补正期限；"
                    "请填写补正期限（具体日期），或先录入该年度工作日历。"
                )
                % {"year": exc.year}
            ) from None
    if given <= requested_on:
        raise ApplicationError(_("补正期限应晚于告知补正日期。"))
    return given


def _check_notice_in_time(application: Application, requested_on: date) -> None:
    try:
        last_day = correction_notice_last_day(
            # Only received applications are asked to correct (the actions allow it).
            cast(date, application.received_on),
            calendar(),
            count_day_of_receipt=count_day_of_receipt(),
        )
    except CalendarDataMissing:
        # The 7th working day lies in a year not entered yet (December). The notice is
        # in time when at most 7 working days have elapsed by the notice day, which is
        # today or earlier, so countable without the coming year.
        _check_elapsed_working_days(application, requested_on)
        return
    if requested_on > last_day:
        raise ApplicationError(
            _("告知补正应在收到申请之日起7个工作日内作出（最迟%(day)s），已超过期限。")
            % {"day": last_day}
        )


@transaction.atomic
def record_correction(
    *,
    application: Application,
    acting_user: Any,
    corrected_on: date | None = None,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> Application:
    """Record the corrected application; the reply clock restarts from its receipt."""
    begin(application, acting_user)
    require_status(
        application, [Status.AWAITING_CORRECTION], _("该申请不在待补正状态。")
    )
    corrected_on = day_or_today(corrected_on)
    not_before(corrected_on, application.correction_requested_on, _("告知补正日期"))
    changed = _apply_changes(application, changes or {})
    application.corrected_on, application.status = corrected_on, Status.IN_PROGRESS
    application.save(update_fields=["corrected_on", "status", *changed])
    refresh_due_on(application)
    record_event(
        application,
        EventKind.CORRECTED,
        actor=acting_user,
        note=note,
        data={"corrected_on": corrected_on.isoformat(), "changed": changed},
    )
    return application


def _apply_changes(application: Application, changes: Mapping[str, Any]) -> list[str]:
    changed = [
        field
        for field in CORRECTABLE_FIELDS
        if field in changes and changes[field] != getattr(application, field)
    ]
    for field in changed:
        setattr(application, field, changes[field])
    if changed:
        application.full_clean(exclude=["tracking_code"])
    return changed


@transaction.atomic
def close_for_missing_correction(
    *, application: Application, acting_user: Any, closed_on: date | None = None
) -> Application:
    """Stop handling an application not corrected in time (其他处理 1; Art. 30)."""
    begin(application, acting_user)
    require_status(
        application, [Status.AWAITING_CORRECTION], _("该申请不在待补正状态。")
    )
    closed_on = day_or_today(closed_on)
    if application.correction_due_on and closed_on <= application.correction_due_on:
        raise ApplicationError(
            _("补正期限（%(day)s）尚未届满，不能按逾期不补正处理。")
            % {"day": application.correction_due_on}
        )
    conclude(application, ResultType.OTHER_NO_CORRECTION, Status.CLOSED, closed_on)
    record_event(
        application,
        EventKind.CLOSED_NO_CORRECTION,
        actor=acting_user,
        data={"closed_on": closed_on.isoformat()},
    )
    return application


def _check_elapsed_working_days(application: Application, requested_on: date) -> None:
    # Only received applications are asked to correct (the actions allow it).
    received_on = cast(date, application.received_on)
    elapsed = counted(lambda cal: cal.working_days_between(received_on, requested_on))
    if count_day_of_receipt() and counted(lambda cal: cal.is_working_day(received_on)):
        elapsed += 1
    if elapsed > CORRECTION_NOTICE_WORKING_DAYS:
        raise ApplicationError(
            _("告知补正应在收到申请之日起7个工作日内作出，已超过期限。")
        )
