"""协办 (Art. 34): the consulted organisation's office answers a consultation of another
organisation of the platform. The time is excluded from the reply clock by the existing
consultation pause (deadlines.merge_pauses, capped at 15 working days): no second clock.
An answer after the 15th working day is refused: silence has meant consent since."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import EventKind
from ..models import Application, Consultation
from ..permissions import can_handle_department
from .common import (
    ApplicationError,
    day_or_today,
    not_before,
    record_event,
    refresh_due_on,
    save_fields,
)


def check_can_answer(user: Any, consultation: Consultation) -> None:
    """PermissionDenied unless `user` handles the consulted organisation's applications."""
    if consultation.organisation_id is None or not can_handle_department(
        user, consultation.organisation_id
    ):
        raise PermissionDenied


@transaction.atomic
def answer_cohandling(
    *,
    consultation: Consultation,
    acting_user: Any,
    opinion: str,
    answered_on: date | None = None,
) -> Consultation:
    """Record the consulted office's opinion; the lead office's clock resumes."""
    check_can_answer(acting_user, consultation)
    application = consultation.application
    Application.objects.select_for_update().filter(pk=application.pk).exists()
    consultation.refresh_from_db()
    if not consultation.is_open:
        raise ApplicationError(_("该征求意见已经结束。"))
    if not opinion.strip():
        raise ApplicationError(_("请填写意见。"))
    answered_on = day_or_today(answered_on)
    not_before(answered_on, consultation.started_on, _("发出征求意见日期"))
    if answered_on > consultation.reply_due_on:
        raise ApplicationError(
            _(
                "答复期限（%(day)s）已过：逾期未答复视为同意（条例第三十四条），"
                "不能再登记意见。"
            )
            % {"day": consultation.reply_due_on}
        )
    save_fields(consultation, finished_on=answered_on, opinion=opinion.strip())
    application.refresh_from_db()
    refresh_due_on(application)
    record_event(
        application,
        EventKind.CONSULTATION_FINISHED,
        actor=acting_user,
        note=consultation.opinion,
        data={
            "consultation": consultation.pk,
            "finished_on": answered_on.isoformat(),
            "answered_by": consultation.party,
        },
    )
    return consultation
