"""Background work of 互动交流 (django-tasks)."""

from django.utils import timezone
from django_tasks import task

from .reminders import remind_and_escalate


@task()
def remind_letters() -> dict[str, list[int]]:
    """Daily: remind handlers of letters due soon; escalate overdue ones to the 公开办."""
    run = remind_and_escalate(today=timezone.localdate())
    return {"reminded": run.reminded, "escalated": run.escalated}
