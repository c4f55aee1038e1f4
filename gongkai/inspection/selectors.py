"""Reads for the inspection: column facts, item facts, the published tree. Never writes."""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from wagtail.models import Page, Site

from gongkai.catalog.models import DisclosurePage
from gongkai.catalog.policy import PolicyDocumentPage
from gongkai.columns.models import ColumnPage
from gongkai.interaction.models import Letter
from gongkai.interaction.selectors import long_unanswered
from gongkai.publishing.models import PublishedFile

from .metadata import ItemFacts
from .models import ColumnKindTag, InspectionRule, InspectionRun, RunStatus
from .rules import ColumnFacts
from .ruleset import Ruleset


def _items_below(page: Page):  # a Wagtail PageQuerySet
    return DisclosurePage.objects.live().public().descendant_of(page)


def column_facts(site: Site) -> list[ColumnFacts]:
    columns = list(
        ColumnPage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .order_by("path")
    )
    paths = [column.path for column in columns]
    kinds = {
        tag.column_id: tag.column_kind
        for tag in ColumnKindTag.objects.filter(column__in=[c.pk for c in columns])
    }
    facts = []
    for column in columns:
        newest_and_count = _items_below(column).aggregate(
            count=Count("pk"),
            newest=Max(Coalesce("published_at", "first_published_at")),
        )
        children = sum(
            1
            for path in paths
            if path.startswith(column.path)
            and len(path) == len(column.path) + Page.steplen
        )
        facts.append(
            ColumnFacts(
                page_id=column.pk,
                title=column.title,
                url=column.relative_url(site) or "",
                item_count=newest_and_count["count"],
                child_column_count=children,
                newest=newest_and_count["newest"],
                kind=kinds.get(column.pk),
            )
        )
    return facts


def newest_item_time(site: Site) -> datetime | None:
    return _items_below(site.root_page).aggregate(
        newest=Max(Coalesce("published_at", "first_published_at"))
    )["newest"]


def item_facts(site: Site) -> Iterator[ItemFacts]:
    requiring = {
        column.path
        for column in ColumnPage.objects.live()
        .descendant_of(site.root_page)
        .filter(requires_interpretation=True)
    }
    policy_ids = set(
        PolicyDocumentPage.objects.live()
        .descendant_of(site.root_page)
        .values_list("pk", flat=True)
    )
    policies = {
        page.pk: page
        for page in PolicyDocumentPage.objects.filter(pk__in=policy_ids).annotate(
            live_interpretations=Count(
                "interpretations", filter=Q(interpretations__live=True)
            )
        )
    }
    for item in _items_below(site.root_page).order_by("path").iterator():
        policy = policies.get(item.pk)
        parent_path = item.path[: -Page.steplen]
        values: dict[str, object] = {
            "index_number": item.index_number,
            "published_at": item.published_at or item.first_published_at,
            "genre": item.genre_id,
            "topic": item.topic_id,
        }
        if policy is not None:
            values.update(
                document_number=item.document_number, written_on=item.written_on
            )
        yield ItemFacts(
            page_id=item.pk,
            title=item.title,
            url=item.relative_url(site) or "",
            is_policy=policy is not None,
            values=values,
            interpretation_count=policy.live_interpretations if policy else 0,
            no_interpretation_reason=policy.no_interpretation_reason if policy else "",
            requires_interpretation=parent_path in requiring,
        )


def page_of_file(site: Site) -> dict[str, int | None]:
    """File path -> the page that owns it, from the publishing manifest."""
    return dict(PublishedFile.objects.filter(site=site).values_list("path", "page_id"))


def read_tree_html(tree: Path, files: set[str]) -> Iterator[tuple[str, str]]:
    for relative in sorted(files):
        if relative.endswith(".html"):
            yield (
                relative,
                (tree / relative).read_text(encoding="utf-8", errors="replace"),
            )


def ruleset_for(site: Site) -> Ruleset:
    """The defaults with the site's own rule rows laid over them."""
    rows = InspectionRule.objects.filter(site=site)
    return Ruleset.default().with_overrides(row.as_rule() for row in rows)


def latest_run(site: Site) -> InspectionRun | None:
    return (
        InspectionRun.objects.filter(site=site, status=RunStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def run_history(site: Site, limit: int = 30) -> list[InspectionRun]:
    return list(InspectionRun.objects.filter(site=site)[:limit])


def pending_run(site: Site) -> InspectionRun | None:
    return (
        InspectionRun.objects.filter(
            site=site, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
        )
        .order_by("-pk")
        .first()
    )


def unanswered_consultations(today: date, months: int) -> list[Letter]:
    """政务咨询 letters that break the 3-month rule (`months`) within the past year, by
    the interaction app's rule (one rule for its dashboard and for this inspection).
    Letters are platform-wide (/hudong/ serves every site), so every site sees them."""
    letters = Letter.objects.select_related("organisation")
    return long_unanswered(letters, today, months)


def manifest(site: Site) -> dict[str, str]:
    """The published files of the site and their SHA-256, as the last publish wrote them."""
    return dict(PublishedFile.objects.filter(site=site).values_list("path", "sha256"))


def baseline_run(site: Site) -> InspectionRun | None:
    """The latest finished run that kept its manifest (the base of an incremental run)."""
    return (
        InspectionRun.objects.filter(site=site, status=RunStatus.DONE)
        .exclude(manifest={})
        .order_by("-finished_at", "-pk")
        .first()
    )
