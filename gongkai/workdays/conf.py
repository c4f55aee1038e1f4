"""Settings of the workdays app, with their defaults; read when called, never at import."""

from django.conf import settings


def count_day_of_receipt() -> bool:
    """Whether the day an application is received is the first counted working day.

    The 条例 says only "自收到申请之日起"; the usual reading follows 民法典 Art.201
    (the start day is not counted), hence the default False (rules.md §1.6).
    """
    return bool(getattr(settings, "GONGKAI_WORKDAYS_COUNT_DAY_OF_RECEIPT", False))


def cache_seconds() -> float:
    """How long a process may reuse its calendar before reading the database again.

    Edits in this process take effect at once (signals); this bounds how stale the
    calendar of the other processes (app servers, task workers) can be.
    """
    return float(getattr(settings, "GONGKAI_WORKDAYS_CACHE_SECONDS", 300))
