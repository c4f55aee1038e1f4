"""The annual report's tables computed from the catalog, applications and figures."""

from django.utils.translation import gettext as _

from gongkai.core.models import Organisation

from . import selectors
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
