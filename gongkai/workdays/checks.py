"""System checks: the counting setting's type, and schedules an office should enter."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError
from django.utils.timezone import localdate

from .selectors import list_years_to_enter


@register()
def check_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    value = getattr(settings, "GONGKAI_WORKDAYS_COUNT_DAY_OF_RECEIPT", False)
    if isinstance(value, bool):
        return []
    return [
        Error(
            "GONGKAI_WORKDAYS_COUNT_DAY_OF_RECEIPT must be True or False.",
            hint=f"It is {value!r}.",
            id="gongkai_workdays.E001",
        )
    ]


@register(Tags.database)
def check_years_entered(
    app_configs: Any, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Warn when this year's (or, from November, next year's) schedule is missing."""
    if not databases:
        return []
    try:
        years = list_years_to_enter(today=localdate())
    except DatabaseError:  # before the first migrate
        return []
    return [
        Warning(
            f"The working-day calendar for {year} is not entered ({year}年工作日历尚未录入).",
            hint="Enter the State Council's holiday schedule under 工作日历 in the admin.",
            id="gongkai_workdays.W001",
        )
        for year in years
    ]
