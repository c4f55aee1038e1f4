"""Settings of 互动交流, read when called, never at import."""

from django.conf import settings

# Reply deadlines in working days per letter kind. 政务咨询 5 working days and 领导信箱
# 10 working days follow the usual provincial rules digested in ../shared/reference;
# a site may change them with GONGKAI_INTERACTION_REPLY_DAYS.
DEFAULT_REPLY_DAYS = {"consult": 5, "mailbox": 10}


def reply_working_days(kind: str) -> int:
    days = getattr(settings, "GONGKAI_INTERACTION_REPLY_DAYS", {})
    return int(days.get(kind, DEFAULT_REPLY_DAYS[kind]))


def submit_rate() -> str:
    """Letters one client address may send, e.g. "5/h" ("" = no limit)."""
    return str(getattr(settings, "GONGKAI_INTERACTION_SUBMIT_RATE", "5/h"))


def status_rate() -> str:
    """Failed status look-ups one client address may make."""
    return str(getattr(settings, "GONGKAI_INTERACTION_STATUS_RATE", "10/h"))
