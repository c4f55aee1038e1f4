"""Reminders before the reply deadline and escalation of overdue letters to the 公开办.

Run daily by `gongkai remind_letters` (cron) or the `remind_letters` task. Each letter
is reminded once and escalated once (reminded_on / escalated_on), so running twice a
day mails nobody twice."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from gongkai.core.models import Organisation
from gongkai.workdays.selectors import get_calendar

from . import conf
from .models import InteractionOfficer, Letter, LetterStatus
from .notifications import mail_handlers


@dataclass
class ReminderRun:
    reminded: list[int] = field(default_factory=list)
    escalated: list[int] = field(default_factory=list)


def tree_root(organisation: Organisation) -> Organisation:
    """The top of an organisation's tree: the government the department belongs to."""
    seen = set()
    while organisation.parent is not None and organisation.pk not in seen:
        seen.add(organisation.pk)
        organisation = organisation.parent
    return organisation


def supervisors_of(letter: Letter) -> list[InteractionOfficer]:
    """The 公开办 officers (supervises) of the government the letter's organisation
    belongs to: they receive its escalation."""
    root = tree_root(letter.organisation)
    return [
        officer
        for officer in InteractionOfficer.objects.filter(
            supervises=True, user__is_active=True
        ).select_related("user", "organisation")
        if tree_root(officer.organisation).pk == root.pk
    ]


def _officer_emails(organisation_id: int) -> list[str]:
    return list(
        InteractionOfficer.objects.filter(
            organisation_id=organisation_id, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _line(letter: Letter) -> str:
    return (
        f"《{letter.subject}》（{letter.display_code}，{letter.organisation.name}）"
        f"答复期限 {letter.due_on:%Y-%m-%d}"
    )


@transaction.atomic
def remind_and_escalate(*, today: date) -> ReminderRun:
    run = ReminderRun()
    days = conf.remind_working_days()
    horizon = get_calendar().add_working_days(today, days) if days > 0 else today
    open_letters = Letter.objects.select_related("organisation").filter(
        status=LetterStatus.RECEIVED
    )
    due_soon = open_letters.filter(
        due_on__gte=today, due_on__lte=horizon, reminded_on__isnull=True
    )
    for letter in due_soon.select_for_update():
        mail_handlers(
            "来信即将到期", [_line(letter)], _officer_emails(letter.organisation_id)
        )
        run.reminded.append(letter.pk)
    due_soon.filter(pk__in=run.reminded).update(reminded_on=today)
    overdue = open_letters.filter(due_on__lt=today, escalated_on__isnull=True)
    for letter in overdue.select_for_update():
        supervisors = [officer.user.email for officer in supervisors_of(letter)]
        recipients = supervisors + _officer_emails(letter.organisation_id)
        mail_handlers("来信已逾期未答复", [_line(letter)], recipients)
        run.escalated.append(letter.pk)
    Letter.objects.filter(pk__in=run.escalated).update(escalated_on=today)
    return run
