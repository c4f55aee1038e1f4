"""Stored inspection runs: queue one (admin button), execute it (task or `inspect --store`),
keep its findings so the admin shows the latest run, its history and the score trend
without inspecting on every request."""

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from . import selectors
from .models import InspectionRun, RunFinding, RunMode, RunStatus, RunTrigger
from .rules import Finding, Severity
from .services import (
    ITEM_CHECKS,
    TREE_CHECKS,
    InspectionReport,
    TreeScope,
    inspect_site,
)

logger = logging.getLogger(__name__)


def request_run(*, site: Site, user: Any = None) -> InspectionRun:
    """Queue a run of `site` for the task worker; an already queued or running one is
    returned instead of starting a second."""
    from . import tasks  # tasks import this module

    with transaction.atomic():
        Site.objects.select_for_update().filter(pk=site.pk).first()
        pending = InspectionRun.objects.filter(
            site=site, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
        ).first()
        if pending is not None:
            return pending
        run = InspectionRun.objects.create(
            site=site, trigger=RunTrigger.ADMIN, requested_by=user
        )
        transaction.on_commit(lambda: tasks.run_inspection.enqueue(run.pk))
    return run


def execute_run(run: InspectionRun, **checks: Any) -> InspectionRun:
    """Inspect the run's site and store the findings; an exception marks the run 出错."""
    started = timezone.now()
    updated = InspectionRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=started
    )
    if not updated:  # a retry of a task whose run already started or finished
        run.refresh_from_db()
        return run
    # store_report saves this instance: without these it wrote started_at back to NULL.
    run.status, run.started_at = RunStatus.RUNNING, started
    try:
        manifest = selectors.manifest(run.site)
        scope = (
            incremental_scope(run.site, manifest)
            if run.mode == RunMode.INCREMENTAL
            else None
        )
        if scope is None:
            run.mode = RunMode.FULL
        report = inspect_site(site=run.site, scope=scope, **checks)
    except Exception as exc:
        logger.exception("inspection run %s failed", run.pk)
        InspectionRun.objects.filter(pk=run.pk).update(
            status=RunStatus.ERROR, finished_at=timezone.now(), error=str(exc)[:2000]
        )
        run.refresh_from_db()
        return run
    run.parsed_files = sum(
        1
        for path in (manifest if scope is None else scope.changed)
        if path.endswith(".html")
    )
    store_report(run, report, manifest)
    return run


def incremental_scope(site: Site, manifest: dict[str, str]) -> TreeScope | None:
    """What changed since the baseline run: the files whose hash changed, with the
    baseline's tree findings to carry, and the time after which published or revised items
    are re-read, with the baseline's per-item findings to carry. None (a full run) without
    a baseline or when files were removed (a removed file can break links on pages that
    did not change)."""
    baseline = selectors.baseline_run(site)
    if baseline is None or set(baseline.manifest) - set(manifest):
        return None
    changed = {
        path for path, sha in manifest.items() if baseline.manifest.get(path) != sha
    }
    tree_rows: list[Finding] = []
    item_rows: list[Finding] = []
    for row in baseline.findings.filter(check_code__in=TREE_CHECKS + ITEM_CHECKS):
        (item_rows if row.check_code in ITEM_CHECKS else tree_rows).append(
            _finding(row)
        )
    return TreeScope(
        changed=frozenset(changed),
        carried=tuple(tree_rows),
        # Its start, not its end: a page published while it ran may have been read
        # before (runs stored before started_at was kept: their creation, earlier still).
        since=baseline.started_at or baseline.created_at,
        carried_items=tuple(item_rows),
    )


def _finding(row: RunFinding) -> Finding:
    return Finding(
        row.check_code,
        Severity(row.severity),
        row.message,
        row.page_id,
        row.location,
        rule=row.rule,
    )


def run_now(
    *, site: Site, trigger: str, mode: str = RunMode.FULL, **checks: Any
) -> InspectionRun:
    """Create and execute a run in this process (`gongkai inspect --store`); `checks`:
    inspect_site's external_check and crawl_options."""
    run = InspectionRun.objects.create(site=site, trigger=trigger, mode=mode)
    return execute_run(run, **checks)


@transaction.atomic
def store_report(
    run: InspectionRun, report: InspectionReport, manifest: dict[str, str]
) -> None:
    RunFinding.objects.bulk_create(
        (
            RunFinding(
                run=run,
                check_code=finding.check,
                rule=finding.rule_code,
                severity=str(finding.severity),
                message=finding.message,
                page_id=finding.page_id,
                location=finding.location[:2000],
            )
            for finding in report.findings
        ),
        batch_size=500,
    )
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.published = report.published
    run.failed = report.failed
    run.score = report.score
    run.finding_count = len(report.findings)
    run.veto_count = sum(1 for f in report.findings if f.severity is Severity.VETO)
    run.manifest = manifest
    run.save()
    # Only the latest run keeps its manifest (one site's can hold 100,000 paths).
    InspectionRun.objects.filter(site=run.site).exclude(pk=run.pk).exclude(
        manifest={}
    ).update(manifest={})
