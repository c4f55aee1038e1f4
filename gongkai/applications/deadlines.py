"""Deadlines of a disclosure application in Chinese working days.

Rules (shared/reference/rules.md §1.2, §1.4, §1.5, §1.6):
- Art. 31 / 国办公开办函〔2015〕207号: the receipt date depends on the channel.
- Art. 33: reply within 20 working days of receipt; one extension of at most 20
  working days; time spent consulting a third party (Art. 32) or another agency
  (Art. 34) is not counted — each consultation lasts at most 15 working days.
- Art. 30: a correction notice within 7 working days of receipt, once; the clock
  restarts from the receipt of the corrected application.
- 国办函〔2020〕109号: pay within 20 working days from the day after the fee notice;
  the time from the notice to the payment is not counted (our reading, rules.md §1.5).
- Whether the day of receipt counts is the caller's choice (workdays.conf).

A pause covers the working days in (start, end]: the day a consultation or fee notice
is sent still counts, the day the answer or payment arrives does not. An open pause
ends at `as_of` (today) or at its legal limit, whichever is earlier, so a stored due
date is never later than the real one. Pure module: no ORM, no clock.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from gongkai.workdays.calendar import WorkdayCalendar

from .enums import Channel

REPLY_WORKING_DAYS = 20
MAX_EXTENSION_WORKING_DAYS = 20
CORRECTION_NOTICE_WORKING_DAYS = 7
CONSULTATION_WORKING_DAYS = 15
FEE_PAYMENT_WORKING_DAYS = 20


class ReceiptDateError(ValueError):
    """A date the channel's receipt rule needs is missing or impossible (Chinese message)."""


@dataclass(frozen=True)
class Pause:
    """The reply clock stands still in (start, end]; end None while still open."""

    start: date
    end: date | None
    limit: date  # the latest end the law allows (e.g. 15 working days after start)


@dataclass(frozen=True)
class ReplyClock:
    received_on: date
    corrected_on: date | None = None
    extension_working_days: int = 0
    pauses: tuple[Pause, ...] = ()
    count_day_of_receipt: bool = False

    @property
    def starts_on(self) -> date:
        """Art. 30: a corrected application restarts the clock from its receipt."""
        return self.corrected_on or self.received_on


@dataclass(frozen=True)
class Countdown:
    working_days_left: int  # 0 on the due date; negative working days once overdue
    is_overdue: bool


def receipt_date(
    channel: str,
    *,
    submitted_on: date,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
) -> date | None:
    """The day an application counts as received (条例第三十一条), None until confirmed.

    In person and e-mail: the day it was handed in or reached the mailbox (207号).
    Registered post: the day the agency signed for it. Ordinary post, online and fax:
    the day agency and applicant confirmed it (None while they have not).
    """
    if channel in (Channel.IN_PERSON, Channel.EMAIL):
        return submitted_on
    if channel == Channel.REGISTERED_POST:
        if signed_on is None:
            raise ReceiptDateError(_("挂号信/EMS 应填写本机关签收日期。"))
        return _not_before(signed_on, submitted_on)
    if confirmed_on is None:
        return None
    return _not_before(confirmed_on, submitted_on)


def _not_before(day: date, submitted_on: date) -> date:
    if day < submitted_on:
        raise ReceiptDateError(_("签收或确认日期不能早于申请提交（寄出）日期。"))
    return day


def reply_due_on(clock: ReplyClock, calendar: WorkdayCalendar, *, as_of: date) -> date:
    """The last day to reply (Art. 33), with correction, pauses and extension applied."""
    remaining = REPLY_WORKING_DAYS + clock.extension_working_days
    cursor, count_cursor = clock.starts_on, clock.count_day_of_receipt
    for start, end in merge_pauses(clock.pauses, after=clock.starts_on, as_of=as_of):
        used = calendar.working_days_between(cursor, start)
        if count_cursor and calendar.is_working_day(cursor):
            used += 1
        if used >= remaining:
            break
        remaining -= used
        cursor, count_cursor = end, False
    return calendar.add_working_days(cursor, remaining, count_start_day=count_cursor)


def merge_pauses(
    pauses: Iterable[Pause], *, after: date, as_of: date
) -> list[tuple[date, date]]:
    """The pauses as sorted, non-overlapping (start, end) pairs on or after `after`.

    Overlapping consultations stop the clock once, not twice.
    """
    spans = sorted(
        (max(pause.start, after), min(pause.end or as_of, pause.limit))
        for pause in pauses
    )
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def correction_notice_last_day(
    received_on: date, calendar: WorkdayCalendar, *, count_day_of_receipt: bool
) -> date:
    """Art. 30: the last day a correction may be requested (7 working days of receipt)."""
    return calendar.add_working_days(
        received_on,
        CORRECTION_NOTICE_WORKING_DAYS,
        count_start_day=count_day_of_receipt,
    )


def consultation_limit(started_on: date, calendar: WorkdayCalendar) -> date:
    """Arts. 32, 34: the consulted party answers within 15 working days."""
    return calendar.add_working_days(started_on, CONSULTATION_WORKING_DAYS)


def fee_payment_due_on(notice_on: date, calendar: WorkdayCalendar) -> date:
    """109号: payment within 20 working days counted from the day after the notice."""
    return calendar.add_working_days(notice_on, FEE_PAYMENT_WORKING_DAYS)


def countdown(due_on: date, calendar: WorkdayCalendar, *, today: date) -> Countdown:
    """Working days left until `due_on` (0 on the day itself), or overdue."""
    if today <= due_on:
        return Countdown(calendar.working_days_between(today, due_on), is_overdue=False)
    return Countdown(-calendar.working_days_between(due_on, today), is_overdue=True)
