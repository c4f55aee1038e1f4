"""The 3-month watch of 国办秘函〔2019〕19号 (互动回应差, 单项否决): within the past year, a
政务咨询 message left unanswered for more than 3 months. Pure date rules, no ORM."""

import calendar
from datetime import date


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter:
    3 months before 5-31 is 2-28/29)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# 国办秘函〔2019〕19号's threshold; the self-inspection ruleset may set another per site.
UNANSWERED_MONTHS = 3


def unanswered_too_long(
    received_on: date,
    replied_on: date | None,
    today: date,
    months: int = UNANSWERED_MONTHS,
) -> bool:
    """Whether a message counts against the site today: received within the past year
    and answered more than `months` months after receipt, or not yet answered
    `months` months on."""
    if received_on <= months_before(today, 12):
        return False
    limit = received_on
    answered_by = replied_on if replied_on is not None else today
    return months_before(answered_by, months) > limit
