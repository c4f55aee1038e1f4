"""Printed values of the old pages -> typed values (pure: no ORM, no clock)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Asia/Shanghai")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
)
SPACES = re.compile(r"\s+")


def parse_date(text: str) -> date | None:
    text = SPACES.sub("", text)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def parse_datetime(text: str) -> datetime | None:
    """'2023-08-07 08:56' (or a date alone: midnight) in Beijing time."""
    text = SPACES.sub(" ", text.strip())
    for pattern in DATETIME_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=TIME_ZONE)
        except ValueError:
            continue
    day = parse_date(text)
    return datetime(day.year, day.month, day.day, tzinfo=TIME_ZONE) if day else None


def topic_key(text: str) -> tuple[str, ...]:
    """'综合政务\\政务公开' or '综合政务/政务公开' -> ('综合政务', '政务公开')."""
    return tuple(part.strip() for part in re.split(r"[\\/／＼]", text) if part.strip())
