"""Everything that writes letters, each in a transaction."""

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications.identifiers import phone_tail
from gongkai.applications.pii import status_hash
from gongkai.applications.tracking_codes import new_tracking_code
from gongkai.core.models import Organisation
from gongkai.workdays.selectors import get_calendar

from . import conf
from .models import (
    Channel,
    Letter,
    LetterAccess,
    LetterStatus,
    Opinion,
    Rating,
    Solicitation,
)
from .notifications import mail_writer_answered

MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redact(text: str) -> str:
    """Personal data a writer may have typed into the letter itself, hidden for
    publishing; the office reviews (and may edit) the result before publishing."""
    text = ID_IN_TEXT.sub(lambda m: m.group()[:6] + "********" + m.group()[-4:], text)
    text = MOBILE_IN_TEXT.sub(lambda m: m.group()[:3] + "****" + m.group()[-4:], text)
    return EMAIL_IN_TEXT.sub("***@***", text)


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1)


DEFAULT_CHANNELS = (
    ("领导信箱", "mailbox"),
    ("政务咨询", "consult"),
    ("投诉建议", "complaint"),
)


def ensure_default_channels() -> list[Channel]:
    """The three channels a site starts with, when none exists (migration 0002 creates
    them too; a flushed database, as in the demo, has none)."""
    if not Channel.objects.exists():
        for order, (name, kind) in enumerate(DEFAULT_CHANNELS):
            Channel.objects.create(
                name=name,
                kind=kind,
                reply_working_days=conf.reply_working_days(kind),
                sort_order=order,
            )
    return list(Channel.objects.all())


def due_date(working_days: int, received_on: date) -> date:
    return get_calendar().add_working_days(received_on, working_days)


def submit_letter(
    *,
    channel: Channel,
    organisation: Organisation,
    name: str,
    phone: str,
    email: str,
    subject: str,
    body: str,
    wants_public: bool,
    today: date,
) -> Letter:
    for _attempt in range(5):
        code = new_tracking_code()
        try:
            with transaction.atomic():
                return Letter.objects.create(
                    kind=channel.kind,
                    channel=channel,
                    organisation=organisation,
                    name=name,
                    phone=phone,
                    phone_status_hash=status_hash(code, phone_tail(phone)),
                    email=email,
                    subject=subject,
                    body=body,
                    wants_public=wants_public,
                    public_body=redact(body),
                    tracking_code=code,
                    received_on=today,
                    due_on=due_date(channel.reply_working_days, today),
                )
        except IntegrityError:  # tracking code collision: draw again
            continue
    raise RuntimeError("could not draw a unique tracking code")


@transaction.atomic
def transfer_letter(letter: Letter, organisation: Organisation) -> Letter:
    """转办: the letter moves to another organisation; the deadline keeps running."""
    letter.organisation = organisation
    letter.save(update_fields=["organisation"])
    return letter


@transaction.atomic
def reply_to_letter(
    letter: Letter, *, reply: str, public_body: str, publish: bool, today: date
) -> Letter:
    letter.reply = reply
    letter.public_body = public_body
    letter.status = LetterStatus.REPLIED
    letter.replied_on = today
    # Only letters whose writer agreed are ever published.
    letter.is_published = publish and letter.wants_public
    letter.save()
    if letter.email and not letter.replied_mail_sent:
        Letter.objects.filter(pk=letter.pk).update(replied_mail_sent=True)
        transaction.on_commit(lambda: mail_writer_answered(letter))
    return letter


def rate_letter(letter: Letter, rating: str) -> bool:
    """满意度 by the writer: once, and only after the reply. The update is conditional,
    so two requests at once record one rating. Returns whether this one was recorded."""
    if rating not in Rating.values:
        raise ValueError(rating)
    return bool(
        Letter.objects.filter(
            pk=letter.pk, status=LetterStatus.REPLIED, rating=""
        ).update(rating=rating, rated_at=timezone.now())
    )


def log_personal_data_access(letter: Letter, user) -> None:
    LetterAccess.objects.create(letter=letter, user=user)


class SolicitationClosed(Exception):
    pass


@transaction.atomic
def submit_opinion(
    solicitation: Solicitation, *, name: str, phone: str, body: str, today: date
) -> Opinion:
    if not solicitation.is_open(today):
        raise SolicitationClosed(solicitation.pk)
    return Opinion.objects.create(
        solicitation=solicitation, name=name, phone=phone, body=body
    )
