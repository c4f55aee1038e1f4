"""Read queries of 互动交流."""

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.applications.pii import status_hash
from gongkai.workdays.calendar import CalendarDataMissing, WorkdayCalendar
from gongkai.workdays.selectors import get_calendar

from .annual import (
    AnnualFigures,
    LetterFacts,
    SolicitationFacts,
    annual_figures,
    average_half_up,
)
from .models import Channel, Letter, LetterKind, LetterStatus, Solicitation
from .watch import UNANSWERED_MONTHS, unanswered_too_long


def channels_for_site(site: Any) -> QuerySet[Channel]:
    """The active channels shown on `site` (channels without a site show everywhere)."""
    qs = Channel.objects.filter(is_active=True).select_related("organisation")
    if site is None:
        return qs.filter(site__isnull=True)
    return qs.filter(Q(site__isnull=True) | Q(site=site))


def list_published_letters() -> QuerySet[Letter]:
    return Letter.objects.filter(is_published=True, status=LetterStatus.REPLIED)


# The public text of a published letter: the only fields a search may look at (never
# the writer's name, phone or e-mail, never an unpublished letter).
PUBLIC_TEXT_FIELDS = ("subject", "public_body", "reply")

LetterSearch = Callable[[str, QuerySet[Letter], Sequence[str]], QuerySet[Letter]]
_letter_search: LetterSearch | None = None


def register_letter_search(search: LetterSearch | None) -> None:
    """Install the site's Chinese search for /hudong/?q= (None: the plain scan).

    Why a hook: the Chinese analysis (segmenting, synonyms, pinyin) lives in the
    `search` app, layer 4, which interaction (layer 3) may not import. The search app
    registers its letter search here from its AppConfig.ready(); interaction keeps
    deciding which letters and which fields are public and hands only those over.
    """
    global _letter_search
    _letter_search = search


def search_published_letters(query: str) -> QuerySet[Letter]:
    """Published letters matching `query` in their subject, published text or reply:
    the registered search, or, without the search app, every word as a substring."""
    qs = list_published_letters()
    if _letter_search is not None:
        return _letter_search(query, qs, PUBLIC_TEXT_FIELDS)
    for word in query.split()[:5]:
        any_field = Q()
        for name in PUBLIC_TEXT_FIELDS:
            any_field |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(any_field)
    return qs


def get_letter_for_status(code: str, tail: str) -> Letter | None:
    return Letter.objects.filter(
        tracking_code=code, phone_status_hash=status_hash(code, tail)
    ).first()


def letters_for_organisations(org_ids: list[int] | None) -> QuerySet[Letter]:
    """The queue a user may see: all letters (org_ids None) or those of org_ids."""
    qs = Letter.objects.select_related("organisation")
    return qs if org_ids is None else qs.filter(organisation_id__in=org_ids)


def solicitations_for_organisations(
    org_ids: list[int] | None,
) -> QuerySet[Solicitation]:
    qs = Solicitation.objects.annotate(opinion_count=Count("opinions"))
    return qs if org_ids is None else qs.filter(organisation_id__in=org_ids)


def escalated_letters() -> QuerySet[Letter]:
    """Open letters that the daily run escalated to the 公开办 as overdue."""
    return Letter.objects.select_related("organisation").filter(
        status=LetterStatus.RECEIVED, escalated_on__isnull=False
    )


def overdue(qs: QuerySet[Letter], today: date) -> QuerySet[Letter]:
    return qs.filter(Q(status=LetterStatus.RECEIVED, due_on__lt=today))


def reply_working_days(
    calendar: WorkdayCalendar, received_on: date, replied_on: date | None
) -> int | None:
    """Working days from receipt to reply: those after the receipt day up to and
    including the reply day (a reply on the day of receipt: 0), as the deadline is
    counted. None when unanswered or the calendar lacks a year in between."""
    if replied_on is None:
        return None
    try:
        return calendar.working_days_between(received_on, replied_on)
    except CalendarDataMissing:
        return None


def statistics(qs: QuerySet[Letter], today: date) -> list[dict[str, Any]]:
    """Per organisation: received, replied, overdue, average days to reply (calendar
    days and working days)."""
    calendar = get_calendar()
    rows: dict[int, dict[str, Any]] = {}
    for letter in qs:
        row = rows.setdefault(
            letter.organisation_id,
            {
                "organisation": letter.organisation,
                "received": 0,
                "replied": 0,
                "overdue": 0,
                "days": [],
                "working_days": [],
            },
        )
        row["received"] += 1
        if letter.replied_on:
            row["replied"] += 1
            row["days"].append((letter.replied_on - letter.received_on).days)
            working = reply_working_days(
                calendar, letter.received_on, letter.replied_on
            )
            if working is not None:
                row["working_days"].append(working)
            if letter.replied_on > letter.due_on:
                row["overdue"] += 1
        elif letter.due_on < today:
            row["overdue"] += 1
    for row in rows.values():
        days = row.pop("days")
        # Rounded as the annual figures are (one decimal, half up).
        row["average_days"] = average_half_up(days)
        row["average_working_days"] = average_half_up(row.pop("working_days"))
    return list(rows.values())


def silent_kinds(today: date) -> list[str]:
    """互动 columns with no reply in the last 3 months (国办 single veto)."""
    since = today - timedelta(days=92)
    return [
        str(label)
        for kind, label in LetterKind.choices
        if not Letter.objects.filter(kind=kind, replied_on__gte=since).exists()
    ]


def annual_report_figures(year: int, org_ids: list[int] | None) -> AnnualFigures:
    """The year's figures over the letters and solicitations of `org_ids` (None: all)."""
    letters = Letter.objects.filter(received_on__year=year)
    solicitations = Solicitation.objects.filter(starts_on__year=year)
    if org_ids is not None:
        letters = letters.filter(organisation_id__in=org_ids)
        solicitations = solicitations.filter(organisation_id__in=org_ids)
    labels = dict(LetterKind.choices)
    calendar = get_calendar()
    return annual_figures(
        year,
        [
            LetterFacts(
                str(labels[kind]),
                received_on,
                replied_on,
                published,
                reply_working_days(calendar, received_on, replied_on),
            )
            for kind, received_on, replied_on, published in letters.values_list(
                "kind", "received_on", "replied_on", "is_published"
            )
        ],
        [
            SolicitationFacts(starts_on, opinions, published)
            for starts_on, opinions, published in solicitations.annotate(
                n=Count("opinions")
            ).values_list("starts_on", "n", "summary_published")
        ],
    )


def long_unanswered(
    qs: QuerySet[Letter], today: date, months: int = UNANSWERED_MONTHS
) -> list[Letter]:
    """政务咨询 letters of `qs` that break the 3-month rule (or `months`) within the past
    year. The one place this rule is applied: the office dashboard and the
    self-inspection (互动回应差) both call it."""
    since = today - timedelta(days=366)
    candidates = qs.filter(kind=LetterKind.CONSULT, received_on__gt=since).order_by(
        "received_on", "pk"
    )
    return [
        letter
        for letter in candidates
        if unanswered_too_long(letter.received_on, letter.replied_on, today, months)
    ]
