"""A stored incremental run's unchanged item findings, copied from the previous run inside
the database with one INSERT … SELECT.

Why raw SQL: Django has no INSERT … SELECT, and the alternatives move every row through
Python — reading the baseline's 100,002 findings and `bulk_create`-ing them again was ≈ 20 s
of a 26 s stored run at 100,000 items (bench/inspection/bench_site.py). The SELECT is still
built by the ORM (same filters, lookups and quoting on SQLite and PostgreSQL); only the
`INSERT INTO … (columns)` in front of it is written here.

Why copy rather than keep findings across runs (first/last-seen run ids): every reader —
the dashboard, the trend, the CSV/XLSX/DOCX exports, department filtering — reads
`run.findings` as the run's own rows; copying keeps that, and the schema, unchanged."""

from collections.abc import Iterator

from django.db import connections
from django.db.models import Case, CharField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Left
from wagtail.models import Page

from . import selectors
from .models import InspectionRun, RunFinding
from .rules import Severity
from .ruleset import Ruleset
from .services import ITEM_CHECKS

# Items re-read per statement, whose findings the statement excludes by id: the list is
# bound as parameters (SQLite allows 32,766 a statement).
EXCLUDED_PER_STATEMENT = 5000
COLUMNS = ("run_id", "check_code", "rule", "severity", "message", "page_id", "location")


def copy(
    baseline_id: int,
    run: InspectionRun,
    severity: Severity,
    rechecked: frozenset[int],
    ruleset: Ruleset,
) -> None:
    """Copy to `run` the item findings of run `baseline_id` that have `severity` under
    `ruleset`, on items still live and not in `rechecked`, pointed at each item's current
    URL (a moved page keeps its publish time, so it is not re-read) — what
    `services.inspect_site` does in memory with `TreeScope.carried_items`."""
    site = run.site
    url = selectors.SiteUrls(site)
    current_url = Subquery(
        Page.objects.filter(pk=OuterRef("page_id"))
        # Cut as store_report cuts every location (the column holds 2,000 characters).
        .annotate(site_url=Left(url.expression(), 2000))
        .values("site_url")[:1]
    )
    # Ruleset.apply on the copies: the site may have changed a rule since the baseline.
    rule_severity = Case(
        *(
            When(rule=code, then=Value(str(rule.severity)))
            for code, rule in ruleset.rules.items()
        ),
        default=F("severity"),
        output_field=CharField(),
    )
    disabled = [code for code, rule in ruleset.rules.items() if not rule.enabled]
    rows = (
        RunFinding.objects.filter(
            run_id=baseline_id,
            check_code__in=ITEM_CHECKS,
            page_id__in=selectors.live_items(site).values("pk"),
        )
        .exclude(rule__in=disabled)
        .alias(new_severity=rule_severity)
        .filter(new_severity=str(severity))
        .order_by("pk")
    )
    table = connections[RunFinding.objects.db]
    quote = table.ops.quote_name
    insert = "INSERT INTO {} ({}) ".format(
        quote(RunFinding._meta.db_table), ", ".join(quote(c) for c in COLUMNS)
    )
    for low, high, excluded in _id_ranges(rechecked):
        part = rows.exclude(page_id__in=excluded)
        if low is not None:
            part = part.filter(page_id__gte=low)
        if high is not None:
            part = part.filter(page_id__lt=high)
        # Each column an annotation, listed in COLUMNS' order: values_list keeps the
        # order of the names given to it.
        select = part.annotate(
            c_run=Value(run.pk),
            c_check=F("check_code"),
            c_rule=F("rule"),
            c_severity=rule_severity,
            c_message=F("message"),
            c_page=F("page_id"),
            c_location=current_url,
        ).values_list(
            "c_run",
            "c_check",
            "c_rule",
            "c_severity",
            "c_message",
            "c_page",
            "c_location",
        )
        sql, params = select.query.sql_with_params()
        with table.cursor() as cursor:
            cursor.execute(insert + sql, params)


def _id_ranges(
    ids: frozenset[int],
) -> Iterator[tuple[int | None, int | None, list[int]]]:
    """Split the page ids into ranges [low, high) holding at most EXCLUDED_PER_STATEMENT
    of `ids` each (None: unbounded), covering every id, with the ids inside."""
    ordered = sorted(ids)
    if not ordered:
        yield None, None, []
        return
    for start in range(0, len(ordered), EXCLUDED_PER_STATEMENT):
        chunk = ordered[start : start + EXCLUDED_PER_STATEMENT]
        following = start + EXCLUDED_PER_STATEMENT
        low = chunk[0] if start else None
        high = ordered[following] if following < len(ordered) else None
        yield low, high, chunk
