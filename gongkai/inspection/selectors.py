"""Reads for the inspection: column facts, item facts, the published tree. Never writes."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Count, F, Max, Q, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Concat, Length, Substr
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, Site

from gongkai.catalog.models import DisclosurePage
from gongkai.catalog.policy import PolicyDocumentPage
from gongkai.columns.models import ColumnPage
from gongkai.interaction.models import Letter
from gongkai.interaction.selectors import long_unanswered
from gongkai.publishing.models import PublishedFile

from .metadata import ItemFacts
from .models import (
    ColumnKindTag,
    InspectionRule,
    InspectionRun,
    ReachabilityProbe,
    RunStatus,
)
from .rules import CRITERIA, ColumnFacts, ReachabilityWeek
from .ruleset import Ruleset


def _items_below(page: Page):  # a Wagtail PageQuerySet
    return DisclosurePage.objects.live().public().descendant_of(page)


class SiteUrls:
    """Site-relative URLs of many pages from their `url_path`, without `relative_url`.

    Wagtail's `relative_url` costs a site lookup and a `reverse` per page (29 s of a
    100,000-item inspection); every page here is below the site's root, so the URL is the
    serve prefix plus the url_path after the root's. Same result as Wagtail's for pages of
    this site (tests compare them); gongkai overrides no page's `get_url_parts`."""

    def __init__(self, site: Site) -> None:
        self.root_path = site.root_page.url_path
        self.prefix = reverse("wagtail_serve", args=("",))
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)

    def __call__(self, url_path: str) -> str:
        if not url_path.startswith(self.root_path):
            return ""
        url = self.prefix + url_path[len(self.root_path) :]
        if not self.append_slash and url != "/":
            url = url.rstrip("/")
        return url

    def expression(self, field: str = "url_path") -> Combinable:
        """The same URL computed by the database for a page below the root (never the
        root: its URL is "/"), so a stored run can re-point copied findings in SQL."""
        start = len(self.root_path) + 1
        tail = (
            Substr(field, start)
            if self.append_slash
            else Substr(field, start, Length(field) - start)  # url_path ends in "/"
        )
        return Concat(Value(self.prefix), tail)


def _ancestor_paths(path: str) -> Iterator[str]:
    """`path` and every treebeard path above it."""
    for end in range(len(path), 0, -Page.steplen):
        yield path[:end]


def column_facts(site: Site) -> list[ColumnFacts]:
    """Every live column with its live items below it (count, newest), in three queries.

    One GROUP BY over the items by their parent's tree path, rolled up to every column
    above in Python: one query per column was 134 s at 2,000 columns x 100,000 items."""
    columns = list(
        ColumnPage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .order_by("path")
        .values("pk", "title", "path", "url_path")
    )
    by_path = {column["path"]: column for column in columns}
    kinds = {tag.column_id: tag.column_kind for tag in ColumnKindTag.objects.all()}
    counts: dict[str, int] = dict.fromkeys(by_path, 0)
    newest: dict[str, datetime | None] = dict.fromkeys(by_path)
    children: dict[str, int] = dict.fromkeys(by_path, 0)
    for path in by_path:
        parent = path[: -Page.steplen]
        if parent in children:
            children[parent] += 1
    groups = (
        _items_below(site.root_page)
        .order_by()
        .values(parent=Substr("path", 1, Length("path") - Page.steplen))
        .annotate(
            count=Count("pk"),
            newest=Max(Coalesce("published_at", "first_published_at")),
        )
    )
    for group in groups:
        for path in _ancestor_paths(group["parent"]):
            if path in counts:
                counts[path] += group["count"]
                if group["newest"] is not None and (
                    newest[path] is None or group["newest"] > newest[path]
                ):
                    newest[path] = group["newest"]
    url = SiteUrls(site)
    return [
        ColumnFacts(
            page_id=column["pk"],
            title=column["title"],
            url=url(column["url_path"]),
            item_count=counts[column["path"]],
            child_column_count=children[column["path"]],
            newest=newest[column["path"]],
            kind=kinds.get(column["pk"]),
        )
        for column in columns
    ]


def newest_item_time(site: Site) -> datetime | None:
    return _items_below(site.root_page).aggregate(
        newest=Max(Coalesce("published_at", "first_published_at"))
    )["newest"]


def live_items(site: Site):  # a Wagtail PageQuerySet
    """The site's live, public items (what the item checks read)."""
    return _items_below(site.root_page)


def live_item_urls(site: Site) -> dict[int, str]:
    """Every live item of the site and its URL (one query): which findings an incremental
    run may carry, and where they point now (a moved page keeps its publish time)."""
    url = SiteUrls(site)
    return {
        pk: url(url_path)
        for pk, url_path in _items_below(site.root_page)
        .values_list("pk", "url_path")
        .iterator(chunk_size=5000)
    }


ITEM_FIELDS = (
    "pk",
    "title",
    "path",
    "url_path",
    "index_number",
    "published_at",
    "first_published_at",
    "genre_id",
    "topic_id",
)


def item_facts(
    site: Site, changed_since: datetime | None = None
) -> Iterator[ItemFacts]:
    """The 公开目录 facts of the site's live items, read as rows (no model instances).

    With `changed_since` (an incremental run): only the items published or revised after
    it, plus every policy document, whose 解读 count moves when an interpretation (another
    page) is published; policy documents are few, the query is one either way."""
    requiring = set(
        ColumnPage.objects.live()
        .descendant_of(site.root_page)
        .filter(requires_interpretation=True)
        .values_list("path", flat=True)
    )
    policies = {
        row["pk"]: row
        for row in PolicyDocumentPage.objects.live()
        .descendant_of(site.root_page)
        .annotate(
            live_interpretations=Count(
                "interpretations", filter=Q(interpretations__live=True)
            )
        )
        .values(
            "pk",
            "document_number",
            "written_on",
            "no_interpretation_reason",
            "live_interpretations",
        )
    }
    items = _items_below(site.root_page)
    if changed_since is not None:
        items = items.filter(
            Q(last_published_at__gt=changed_since)
            | Q(latest_revision_created_at__gt=changed_since)
            | Q(pk__in=PolicyDocumentPage.objects.values("pk"))
        )
    url = SiteUrls(site)
    rows = items.order_by("path").values(*ITEM_FIELDS).iterator(chunk_size=5000)
    for item in rows:
        policy = policies.get(item["pk"])
        values: dict[str, object] = {
            "index_number": item["index_number"],
            "published_at": item["published_at"] or item["first_published_at"],
            "genre": item["genre_id"],
            "topic": item["topic_id"],
        }
        if policy is not None:
            values.update(
                document_number=policy["document_number"],
                written_on=policy["written_on"],
            )
        yield ItemFacts(
            page_id=item["pk"],
            title=item["title"],
            url=url(item["url_path"]),
            is_policy=policy is not None,
            values=values,
            interpretation_count=policy["live_interpretations"] if policy else 0,
            no_interpretation_reason=(
                policy["no_interpretation_reason"] if policy else ""
            ),
            requires_interpretation=item["path"][: -Page.steplen] in requiring,
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


@dataclass(frozen=True)
class PublishRefusal:
    page_id: int
    title: str
    url: str
    at: datetime
    scheduled: bool  # the schedule's go-live (else a direct publish in code)
    reason: str


REFUSAL_ACTIONS = ("gongkai.publish.refused", "gongkai.schedule.refused")


def open_publish_refusals(site: Site) -> list[PublishRefusal]:
    """The pages of `site` whose latest refused publish (page history, written by the
    scheduler and by publish_guards.flush_refusals) was not followed by a publish: the
    latest refusal per page, newest first, in two queries."""
    root = site.root_page
    entries = (
        PageLogEntry.objects.filter(
            action__in=REFUSAL_ACTIONS,
            page__path__startswith=root.path,
        )
        .filter(
            Q(page__last_published_at__isnull=True)
            | Q(page__last_published_at__lt=F("timestamp"))
        )
        .order_by("-timestamp", "-pk")
        .values_list("page_id", "timestamp", "action", "data")
    )
    latest: dict[int, tuple] = {}
    for page_id, timestamp, action, data in entries:
        latest.setdefault(page_id, (timestamp, action, data))
    if not latest:
        return []
    urls = SiteUrls(site)
    pages = Page.objects.filter(pk__in=latest).values_list("pk", "title", "url_path")
    return [
        PublishRefusal(
            pk,
            title,
            urls(url_path),
            latest[pk][0],
            latest[pk][1] == "gongkai.schedule.refused",
            str((latest[pk][2] or {}).get("reason", "")),
        )
        for pk, title, url_path in pages
    ]


def reachability_week(
    site: Site, now: datetime, window: timedelta = CRITERIA.reachability_window
) -> ReachabilityWeek:
    """The finished home-page probes of the window before `now`, in one aggregate query."""
    figures = ReachabilityProbe.objects.filter(
        site=site, slot__gt=now - window, slot__lte=now, reachable__isnull=False
    ).aggregate(
        probes=Count("pk"),
        failures=Count("pk", filter=Q(reachable=False)),
        worst_ms=Max("elapsed_ms"),
        last_at=Max("probed_at"),
    )
    return ReachabilityWeek(**figures)


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
    """The latest finished run (the base of an incremental run). It alone keeps its
    manifest; an empty one (the site was not published then) makes every file changed."""
    return (
        InspectionRun.objects.filter(site=site, status=RunStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )
