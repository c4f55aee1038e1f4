"""Stored inspection runs: queue one (admin button), execute it (task or `inspect --store`),
keep its findings so the admin shows the latest run, its history and the score trend
without inspecting on every request."""

import logging
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Site

from . import alerts, carried_items, selectors
from .models import InspectionRun, RunFinding, RunMode, RunStatus, RunTrigger
from .rules import Finding, Severity
from .ruleset import Ruleset
from .services import (
    ITEM_CHECKS,
    TREE_CHECKS,
    InspectionReport,
    TreeScope,
    inspect_site,
)

SEVERITY_ORDER = (Severity.VETO, Severity.DEDUCT, Severity.NOTICE)

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
            incremental_scope(run.site, manifest, items_in_db=True)
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
    store_report(run, report, manifest, scope)
    return run


def incremental_scope(
    site: Site, manifest: dict[str, str], *, items_in_db: bool = False
) -> TreeScope | None:
    """What changed since the baseline run: the files whose hash changed, with the
    baseline's tree findings to carry, and the time after which published or revised items
    are re-read, with the baseline's per-item findings to carry (`items_in_db`: not read
    here; store_report copies them in the database). None (a full run) without a baseline
    or when files were removed (a removed file can break links on pages that did not
    change)."""
    baseline = selectors.baseline_run(site)
    if baseline is None or set(baseline.manifest) - set(manifest):
        return None
    changed = {
        path for path, sha in manifest.items() if baseline.manifest.get(path) != sha
    }
    tree_rows: list[Finding] = []
    item_rows: list[Finding] = []
    checks = TREE_CHECKS if items_in_db else TREE_CHECKS + ITEM_CHECKS
    for row in baseline.findings.filter(check_code__in=checks):
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
        items_from_run=baseline.pk if items_in_db else None,
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
    run: InspectionRun,
    report: InspectionReport,
    manifest: dict[str, str],
    scope: TreeScope | None = None,
) -> None:
    """Write the report's findings, and with an incremental scope that leaves them to the
    database (`items_from_run`) copy the baseline's findings of the items not re-read.

    Rows are written one severity after the other, as a full run's sorted findings are:
    the admin lists a run's findings in row order (单项否决 first)."""
    carry_from = scope.items_from_run if scope is not None else None
    rechecked = report.rechecked_items
    for severity in SEVERITY_ORDER:
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
                if finding.severity is severity
            ),
            batch_size=500,
        )
        if carry_from is not None and rechecked is not None:
            carried_items.copy(carry_from, run, severity, rechecked, report.ruleset)
    if carry_from is None:
        run.finding_count = len(report.findings)
        run.veto_count = sum(1 for f in report.findings if f.severity is Severity.VETO)
        run.score = report.score
    else:  # the copied rows never passed through Python: count them where they are
        _count_stored(run, report.ruleset)
    run.failed = run.veto_count > 0
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.published = report.published
    run.manifest = manifest
    run.save()
    # Only the latest run keeps its manifest (one site's can hold 100,000 paths).
    InspectionRun.objects.filter(site=run.site).exclude(pk=run.pk).exclude(
        manifest={}
    ).update(manifest={})
    # After the commit: a mail about findings that a rollback took back would mislead.
    transaction.on_commit(lambda: alerts.mail_if_veto_turned_red(run))


def _count_stored(run: InspectionRun, ruleset: Ruleset) -> None:
    """finding_count, veto_count and score from the run's stored rows (one GROUP BY)."""
    deduct: dict[str, int] = {}
    run.finding_count = run.veto_count = 0
    for rule, severity, count in (
        RunFinding.objects.filter(run=run)
        .order_by()
        .values_list("rule", "severity")
        .annotate(count=Count("pk"))
    ):
        run.finding_count += count
        if severity == Severity.VETO:
            run.veto_count += count
        elif severity == Severity.DEDUCT:
            deduct[rule] = count
    run.score = ruleset.score_of_counts(deduct)
