"""The annual report's tables computed from the catalog, applications and figures."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.models import Organisation

from . import selectors
from .snapshots import CellChange, diff_snapshots, snapshot_tables
from .tables import (
    AnnualReportTables,
    Cause,
    Mismatch,
    build_table2,
    build_table3,
    build_table4,
    check_totals,
    find_causes,
)

if TYPE_CHECKING:
    from .models import AnnualReportPage


class ReportInconsistent(Exception):
    """Table 3 breaks its totals rule, or applications have impossible timelines."""

    def __init__(self, mismatches: list[Mismatch], causes: list[Cause]) -> None:
        self.mismatches, self.causes = mismatches, causes
        parts = []
        if mismatches:
            parts.append(
                _("表三不符合“第一项加第二项之和，等于第三项加第四项之和”：%(cols)s。")
                % {"cols": "；".join(str(m) for m in mismatches)}
            )
        if causes:
            parts.append(
                _("原因：%(causes)s。")
                % {"causes": "；".join(f"{c.tracking_code} {c.reason}" for c in causes)}
            )
        super().__init__("".join(parts))


def compute_annual_report(
    *, organisation: Organisation, year: int, include_departments: bool = False
) -> AnnualReportTables:
    """Tables 2-4 of `organisation`'s report for `year` (with its departments rolled up
    when `include_departments`). Raises ReportInconsistent, naming the applications,
    when the data cannot give a table 3 that satisfies its totals rule."""
    ids = selectors.get_organisation_ids(
        organisation, include_departments=include_departments
    )
    applications = selectors.list_application_facts(organisation_ids=ids, year=year)
    table3 = build_table3(applications, year)
    mismatches = check_totals(table3)
    causes = find_causes(applications, year)
    if mismatches or causes:
        raise ReportInconsistent(mismatches, causes)
    return AnnualReportTables(
        organisation=organisation.name,
        year=year,
        table2=build_table2(
            selectors.list_document_facts(organisation_ids=ids),
            selectors.get_figures(organisation_ids=ids, year=year),
            year,
        ),
        table3=table3,
        table4=build_table4(
            selectors.list_appeal_facts(organisation_ids=ids, year=year), year
        ),
    )


@dataclass(frozen=True)
class ReportCheck:
    """The tables of a report being edited, or why they cannot be computed."""

    tables: AnnualReportTables | None
    problem: ReportInconsistent | None = None


def check_annual_report(
    *, organisation: Organisation, year: int, include_departments: bool = False
) -> ReportCheck:
    """compute_annual_report for the page form: inconsistent data is an answer, not
    an exception, because the form refuses to publish it but saves a draft with it
    (keeping the last consistent tables) and shows the problem either way."""
    try:
        tables = compute_annual_report(
            organisation=organisation,
            year=year,
            include_departments=include_departments,
        )
    except ReportInconsistent as exc:
        return ReportCheck(tables=None, problem=exc)
    return ReportCheck(tables=tables)


def describe_fees(amount: Decimal) -> str:
    """The sentence of section 六 on the 信息处理费 collected (国办函〔2020〕109号)."""
    if not amount:
        return _("本年度未收取信息处理费。")
    return _("本年度收取信息处理费%(amount)s元。") % {
        "amount": format(amount.normalize(), "f")
    }


def apply_tables(
    *, page: "AnnualReportPage", tables: AnnualReportTables
) -> list[CellChange]:
    """Store `tables` on `page` (not saved), keeping the former snapshot when the cells
    changed; prefill section 六 with the fees collected when it is empty."""
    snapshot = snapshot_tables(tables)
    changes = diff_snapshots(page.tables_snapshot, snapshot)
    if snapshot != page.tables_snapshot:
        if page.tables_snapshot:
            page.previous_snapshot = page.tables_snapshot
        page.tables_snapshot = snapshot
    page.generated_at = timezone.now()
    if not page.other_matters.strip():
        ids = selectors.get_organisation_ids(
            page.organisation, include_departments=page.include_departments
        )
        fees = selectors.get_fees_collected(organisation_ids=ids, year=page.year)
        page.other_matters = describe_fees(fees)
    return changes


@transaction.atomic
def generate_report(*, page: "AnnualReportPage", user: Any = None) -> list[CellChange]:
    """Recompute the tables of `page` and save them in a new revision, published when the
    page is live without unpublished changes (a pending draft gets them instead).
    Raises ReportInconsistent; returns the cells that changed."""
    has_draft = page.has_unpublished_changes
    target = page.get_latest_revision_as_object() if has_draft else page
    tables = compute_annual_report(
        organisation=target.organisation,
        year=target.year,
        include_departments=target.include_departments,
    )
    changes = apply_tables(page=target, tables=tables)
    revision = target.save_revision(user=user, log_action=True)
    if page.live and not has_draft:
        revision.publish(user=user)
    for field in (
        "tables_snapshot",
        "previous_snapshot",
        "generated_at",
        "other_matters",
    ):
        setattr(page, field, getattr(target, field))
    return changes
