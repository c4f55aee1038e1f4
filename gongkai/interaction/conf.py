"""Settings of 互动交流, read when called, never at import."""

from django.conf import settings

# Reply deadlines in working days of the default channels (each channel keeps its own,
# editable in the admin). 政务咨询 5 and 领导信箱/投诉建议 10 working days are our own
# defaults after the usual provincial rules; a site may change the defaults of channels
# it creates later with GONGKAI_INTERACTION_REPLY_DAYS.
DEFAULT_REPLY_DAYS = {"consult": 5, "mailbox": 10, "complaint": 10}


def reply_working_days(kind: str) -> int:
    days = getattr(settings, "GONGKAI_INTERACTION_REPLY_DAYS", {})
    return int(days.get(kind, DEFAULT_REPLY_DAYS[kind]))


def submit_rate() -> str:
    """Letters one client address may send, e.g. "5/h" ("" = no limit)."""
    return str(getattr(settings, "GONGKAI_INTERACTION_SUBMIT_RATE", "5/h"))


def status_rate() -> str:
    """Failed status look-ups one client address may make."""
    return str(getattr(settings, "GONGKAI_INTERACTION_STATUS_RATE", "10/h"))


def min_fill_seconds() -> float:
    """A person needs at least this long to write a letter; robots are faster."""
    return float(getattr(settings, "GONGKAI_INTERACTION_MIN_FILL_SECONDS", 5))


def remind_working_days() -> int:
    """Remind the handlers this many working days before the deadline."""
    return int(getattr(settings, "GONGKAI_INTERACTION_REMIND_DAYS", 2))
