"""Which files a site consists of, and which of them a page change affects."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.urls import reverse
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.query import PageQuerySet

from gongkai.catalog.models import DisclosurePage, InterpretationPage
from gongkai.catalog.selectors import get_item_neighbours
from gongkai.columns.column_pages import count_numbered_pages
from gongkai.columns.models import ColumnPage
from gongkai.core.enums import ColumnListMode

from .conf import get_dynamic_prefixes
from .enums import FileKind
from .paths import has_prefix, url_to_file_path

# (column id, item published_at as ISO 8601 or None, item id, stays): an item entered,
# left or (stays = 1: at the same position) changed in the column's list
# (see services.refresh_pages).
ListChange = tuple[int, str | None, int, int]

SITEMAP_INDEX = "/sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"
FEED_NAME = "rss.xml"


@dataclass(frozen=True)
class Target:
    """One file to render: its public URL path, kind and owning page."""

    url_path: str
    kind: str
    page_id: int | None = None
    page_number: int | None = None  # numbered list page N of a column (from the oldest)
    list_count: int | None = field(
        default=None, compare=False
    )  # the column's items, if known

    @property
    def file_path(self) -> str:
        return url_to_file_path(self.url_path)


def list_site_pages(site: Site) -> PageQuerySet:
    """Every live public page of the site, the home page included, as specific pages."""
    return (
        Page.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .order_by("path")
        .specific()
    )


def prefetch_page_relations(pages: list[Page]) -> None:
    """Load the forward foreign keys of many pages (and theirs, one level down) in one
    query per relation and page type, instead of one per page when its template reads
    them (publisher, topic and its parent, genre ...)."""
    by_class: dict[type[Page], list[Page]] = {}
    for page in pages:
        by_class.setdefault(type(page), []).append(page)
    for model, members in by_class.items():
        lookups = []
        for model_field in model._meta.concrete_fields:
            if (
                model_field.many_to_one
                and model_field.related_model is not None
                and model_field.name != "content_type"
            ):
                if issubclass(model_field.related_model, Page) or model_field.name in (
                    "locale",
                    "live_revision",
                    "owner",
                    "latest_revision",
                    "locked_by",
                ):
                    continue
                lookups.append(model_field.name)
                lookups += [
                    f"{model_field.name}__{sub.name}"
                    for sub in model_field.related_model._meta.concrete_fields
                    if sub.many_to_one
                    and sub.related_model is model_field.related_model
                ]
        if lookups:
            prefetch_related_objects(members, *lookups)


def prefetch_interpretations(pages: list[Page]) -> None:
    """Give every item its live public interpretations in one query for all items:
    `get_interpretations()` (read by the item templates) then returns the list instead
    of querying once per page. Same order as DisclosurePage.get_interpretations."""
    items = [page for page in pages if isinstance(page, DisclosurePage)]
    if not items:
        return
    through = InterpretationPage.interprets.through
    links: dict[int, list[int]] = {}
    item_ids = {page.pk for page in items}
    for interpretation_id, item_id in through.objects.values_list(
        "interpretationpage_id", "disclosurepage_id"
    ):
        if item_id in item_ids:
            links.setdefault(item_id, []).append(interpretation_id)
    wanted = {pk for ids in links.values() for pk in ids}
    found = (
        {
            each.pk: each
            for each in InterpretationPage.objects.live()
            .public()
            .filter(pk__in=wanted)
            .order_by("-published_at")
        }
        if wanted
        else {}
    )
    rank = {pk: index for index, pk in enumerate(found)}
    for page in items:
        mine = sorted(
            (found[pk] for pk in links.get(page.pk, ()) if pk in found),
            key=lambda p: rank[p.pk],
        )
        # A list where the model returns a QuerySet: the item templates only iterate it.
        page.get_interpretations = _returning(mine)  # type: ignore[method-assign,assignment]


def _returning(value: list[Page]) -> Callable[[], list[Page]]:
    """A method replacement that answers `value` (a closure per page, not a lambda with
    a default argument, which mypy cannot type)."""
    return lambda: value


def get_page_path(page: Page, site: Site) -> str | None:
    """The page's URL path within `site`, or None if it is not served there as a file."""
    path = page.relative_url(site)
    if not path or not path.startswith("/") or has_prefix(path, get_dynamic_prefixes()):
        return None
    return path


def sitemap_path(page_id: int) -> str:
    return f"/sitemaps/{page_id}.xml"


def page_targets(
    page: Page, site: Site, *, list_counts: Mapping[str, int] | None = None
) -> list[Target]:
    """The files a live page owns: itself, its list pages 2..N, feed and sitemap.
    `list_counts` ({path: items below}, `count_items_below`) saves a count query per
    column when the caller has read every page."""
    path = get_page_path(page, site)
    if path is None:
        return []
    targets = [Target(path, FileKind.PAGE, page.pk)]
    specific = page.specific
    if hasattr(specific, "count_list_items"):
        if specific.list_mode != ColumnListMode.CATALOG:
            # Catalog columns: pages 2..N, filters and sort are served under /search/.
            count = (
                specific.count_list_items()
                if list_counts is None
                else list_counts.get(page.path, 0)
            )
            pages = count_numbered_pages(count, specific.items_per_page)
            targets[0] = Target(path, FileKind.PAGE, page.pk, None, count)
            targets += [
                Target(f"{path}page/{n}/", FileKind.PAGE, page.pk, n, count)
                for n in range(1, pages + 1)
            ]
        targets.append(Target(f"{path}{FEED_NAME}", FileKind.FEED, page.pk))
    # Files published beside the page (an annual report's DOCX/XLSX): duck-typed, the
    # page types live in apps of the same layer.
    if hasattr(specific, "published_downloads"):
        targets += [
            Target(f"{path}{name}", FileKind.DOWNLOAD, page.pk)
            for name in specific.published_downloads()
        ]
    if is_structural(page):
        targets.append(Target(sitemap_path(page.pk), FileKind.SITEMAP, page.pk))
    return targets


def site_page_paths() -> list[str]:
    """Pages of the site that no page of the tree owns (网站地图, 联系我们): rendered by
    their Django views (core.public_urls, columns.urls), republished with the whole site."""
    return [reverse("columns:site_map"), reverse("core:contact")]


def site_targets() -> list[Target]:
    return [
        Target(SITEMAP_INDEX, FileKind.SITEMAP_INDEX),
        Target(ROBOTS, FileKind.ROBOTS),
        Target(NOT_FOUND, FileKind.NOT_FOUND),
        *(Target(path, FileKind.PAGE) for path in site_page_paths()),
    ]


def list_neighbour_page_ids(
    page: Page, *, column_paths: list[str], published_ats: list[Any]
) -> list[int]:
    """The items shown as 上一篇/下一篇 beside `page` at each of its positions (column
    path, 发布时间), before and after a change: their pages link to it or now to each other."""
    ids: set[int] = set()
    for column_path in column_paths:
        for published_at in published_ats:
            newer, older = get_item_neighbours(
                column_path=column_path, published_at=published_at, item_id=page.pk
            )
            ids.update(each.pk for each in (newer, older) if each is not None)
    return sorted(ids)


def list_dependant_page_ids(page: Page) -> list[int]:
    """Pages whose files show `page`: its ancestors in the site (list pages, home
    blocks, feeds, sitemaps), the pages linking to it and the pages it interprets
    or is interpreted by."""
    ids = list(page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True))
    # Catalog columns that also list one of its columns (ColumnPage.catalog_columns).
    ids += list(
        ColumnPage.objects.filter(catalog_columns__in=ids).values_list("pk", flat=True)
    )
    page_type = ContentType.objects.get_for_model(Page)
    ids += [
        int(pk)
        for pk in ReferenceIndex.get_references_to(page)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    ]
    specific = page.specific
    for related in ("interpretations", "interprets"):
        manager = getattr(specific, related, None)
        if manager is not None and hasattr(manager, "values_list"):
            ids += list(manager.values_list("pk", flat=True))
    return sorted(set(ids) - {page.pk})


def is_structural(page: Page) -> bool:
    """A page that can hold others (home, columns): its title and URL appear in the
    navigation and breadcrumbs of its whole subtree, so a change republishes the site."""
    return bool(page.specific_class and page.specific_class.allowed_subpage_models())
