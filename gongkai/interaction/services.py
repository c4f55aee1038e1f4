"""Everything that writes letters, each in a transaction."""

import re
from datetime import date

from django.db import IntegrityError, transaction

from gongkai.applications.identifiers import phone_tail
from gongkai.applications.pii import status_hash
from gongkai.applications.tracking_codes import new_tracking_code
from gongkai.core.models import Organisation
from gongkai.workdays.selectors import get_calendar

from . import conf
from .models import Letter, LetterStatus

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


def due_date(kind: str, received_on: date) -> date:
    return get_calendar().add_working_days(received_on, conf.reply_working_days(kind))


def submit_letter(
    *,
    kind: str,
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
                    kind=kind,
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
                    due_on=due_date(kind, today),
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
    return letter
