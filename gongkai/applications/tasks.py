"""Background work of the applications app (django-tasks)."""

from django.utils import timezone
from django_tasks import task

from . import conf
from .services.reminders import flag_due_applications as flag_due


@task()
def flag_due_applications(within: int | None = None) -> dict[str, list[int]]:
    """Daily: flag applications due within `within` working days (default from conf)
    or overdue; returns the flagged ids."""
    days = conf.due_soon_working_days() if within is None else within
    result = flag_due(today=timezone.localdate(), within=days)
    return {
        "due_soon": result.due_soon,
        "overdue": result.overdue,
        "missing_years": sorted(result.missing_years),
    }
