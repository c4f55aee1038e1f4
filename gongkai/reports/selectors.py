"""Reads of the catalog, the applications and the entered figures, as the plain facts
tables.py counts. Nothing here changes data."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from gongkai.applications.enums import ApplicantKind, OrganisationType
from gongkai.applications.models import Appeal, Application, FeeNotice
from gongkai.applications.tracking_codes import format_tracking_code
from gongkai.catalog.enums import DisclosureMethod, Validity
from gongkai.catalog.models import DisclosurePage
from gongkai.core.models import Organisation

from .models import AnnualFigures
from .tables import (
    NATURAL_PERSON,
    NORMATIVE_DOCUMENT,
    RULE,
    AppealFacts,
    ApplicationFacts,
    DocumentFacts,
    Figures,
    sum_figures,
)

# Table 2 counts items by 体裁分类 (genre); reports/migrations/0002 adds both genres.
GENRE_KINDS = {"规章": RULE, "行政规范性文件": NORMATIVE_DOCUMENT}
NOT_IN_FORCE = (Validity.REPEALED, Validity.EXPIRED)


def get_organisation_ids(
    organisation: Organisation, *, include_departments: bool
) -> set[int]:
    """The organisation, and with `include_departments` every organisation below it."""
    ids = {organisation.pk}
    frontier = {organisation.pk} if include_departments else set()
    while frontier:
        children = set(
            Organisation.objects.filter(parent_id__in=frontier).values_list(
                "pk", flat=True
            )
        )
        frontier = children - ids
        ids |= frontier
    return ids


def list_document_facts(*, organisation_ids: set[int]) -> list[DocumentFacts]:
    """The live, proactively disclosed 规章 and 行政规范性文件 of these publishers.

    An item marked 废止 or 失效 counts as abolished on the day it was last published:
    the catalog stores no separate abolition date, and marking an item invalid is
    done by publishing it again.
    """
    rows = DisclosurePage.objects.filter(
        publisher_id__in=organisation_ids,
        genre__name__in=GENRE_KINDS,
        live=True,
        disclosure_method=DisclosureMethod.PROACTIVE,
    ).values_list("genre__name", "written_on", "validity", "last_published_at")
    return [
        DocumentFacts(
            kind=GENRE_KINDS[genre],
            written_on=written_on,
            abolished_on=_abolished_on(validity, last_published_at),
        )
        for genre, written_on, validity, last_published_at in rows
    ]


def _abolished_on(validity: str, last_published_at: datetime | None) -> date | None:
    if validity not in NOT_IN_FORCE:
        return None
    if last_published_at is None:  # invalid, but never published: not in force
        return date.min
    return timezone.localdate(last_published_at)


def list_application_facts(
    *, organisation_ids: set[int], year: int
) -> list[ApplicationFacts]:
    """Applications of these departments that table 3 of `year` may count.

    Those concluded in the year are always read, even when received later, so that
    inconsistent data shows up in the totals check instead of vanishing.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    still_relevant = (
        Q(received_on__gte=start)
        | Q(concluded_on__isnull=True)
        | Q(concluded_on__gte=start)
    )
    rows = (
        Application.objects.filter(department_id__in=organisation_ids)
        .filter(
            Q(received_on__lte=end, received_on__isnull=False) & still_relevant
            | Q(concluded_on__gte=start, concluded_on__lte=end)
        )
        .order_by("received_on", "pk")
        .values_list(
            "tracking_code",
            "applicant_kind",
            "organisation_type",
            "received_on",
            "concluded_on",
            "result_type",
        )
    )
    return [
        ApplicationFacts(
            tracking_code=format_tracking_code(code),
            column=_column(kind, organisation_type),
            received_on=received_on,
            concluded_on=concluded_on,
            result=result,
        )
        for code, kind, organisation_type, received_on, concluded_on, result in rows
    ]


def _column(applicant_kind: str, organisation_type: str) -> str:
    if applicant_kind == ApplicantKind.NATURAL_PERSON:
        return NATURAL_PERSON
    return organisation_type or OrganisationType.OTHER.value


def list_appeal_facts(*, organisation_ids: set[int], year: int) -> list[AppealFacts]:
    """Reconsiderations and lawsuits filed in `year` about these departments' replies."""
    rows = Appeal.objects.filter(
        application__department_id__in=organisation_ids, filed_on__year=year
    ).values_list("kind", "filed_on", "outcome", "decided_on")
    return [AppealFacts(*row) for row in rows]


def get_figures(*, organisation_ids: set[int], year: int) -> Figures:
    """The entered 行政许可/处罚/强制 counts and fee amount, summed; zero when none."""
    rows = AnnualFigures.objects.filter(
        organisation_id__in=organisation_ids, year=year
    ).select_related("organisation")
    return sum_figures(
        [
            Figures(
                licensing=row.licensing_decisions,
                penalties=row.penalty_decisions,
                enforcement=row.enforcement_decisions,
                fees=row.fees_amount,
                sources=(f"{row.organisation}：{row.source}",) if row.source else (),
            )
            for row in rows
        ]
    )


def get_fees_collected(*, organisation_ids: set[int], year: int) -> Decimal:
    """信息处理费 paid in `year` for these departments' applications (元)."""
    total = FeeNotice.objects.filter(
        application__department_id__in=organisation_ids, paid_on__year=year
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")
