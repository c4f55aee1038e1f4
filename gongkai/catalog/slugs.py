"""Short default slugs for new items: the date and a sequence number (issue #16).

Wagtail fills the slug from the title; a Chinese title becomes a long percent-encoded
URL segment (and a denser QR code). A new item is offered `YYYYMMDD-N` instead, the
smallest N free among its siblings that day. The editor may change it.
"""

import datetime
from collections.abc import Iterable


def dated_slug(day: datetime.date, taken: Iterable[str]) -> str:
    """`20261205-1`, or the next number when siblings already use it."""
    prefix = day.strftime("%Y%m%d")
    used = set(taken)
    sequence = 1
    while f"{prefix}-{sequence}" in used:
        sequence += 1
    return f"{prefix}-{sequence}"
