"""Background inspection: the admin's 立即检查 button queues one run per site."""

from django_tasks import task

from . import runs
from .models import InspectionRun


@task()
def run_inspection(run_id: int) -> str:
    """Execute a queued run; idempotent (a run already started is left alone)."""
    run = InspectionRun.objects.select_related("site").filter(pk=run_id).first()
    if run is None:
        return "missing"
    return runs.execute_run(run).status
