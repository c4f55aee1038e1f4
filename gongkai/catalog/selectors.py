"""Reads for column listings and the home page."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from wagtail.models import Page

from .models import DisclosurePage


def list_column_items(*, column: Page) -> QuerySet[DisclosurePage]:
    """Live public items anywhere below `column`, newest first."""
    return (
        DisclosurePage.objects.live()
        .public()
        .descendant_of(column)
        .select_related("publisher")
        .order_by("-published_at", "-pk")
    )


def count_items_below(pages: Iterable[Any]) -> dict[str, int]:
    """{page path: how many items among `pages` lie anywhere below it}: what
    `list_column_items(column=...).count()` answers for each column, in one pass instead
    of one query per column (each a scan of the page table: columns x pages).

    `pages` must hold every live public page below the columns concerned, as specific
    pages (a full publish's list, `publishing.targets.list_site_pages`)."""
    counts: dict[str, int] = {}
    for page in pages:
        if isinstance(page, DisclosurePage):
            for end in range(Page.steplen, len(page.path), Page.steplen):
                prefix = page.path[:end]
                counts[prefix] = counts.get(prefix, 0) + 1
    return counts


def list_latest_by_column(
    *, home: Page, per_column: int
) -> list[tuple[Page, list[DisclosurePage]]]:
    """For each top-level column of a site, its newest items."""
    columns = home.get_children().live().public().in_menu()
    return [
        (column, list(list_column_items(column=column)[:per_column]))
        for column in columns
    ]


def get_item_neighbours(
    *, column_path: str, published_at: datetime | None, item_id: int
) -> tuple[DisclosurePage | None, DisclosurePage | None]:
    """The items listed just above (newer: 上一篇) and just below (older: 下一篇) the
    position (`published_at`, `item_id`) among the live public items directly in the
    column at `column_path`, in the column list's order (newest first); the item at
    that position is left out, so this also finds the neighbours of a removed item."""
    siblings = (
        DisclosurePage.objects.live()
        .public()
        .filter(
            path__startswith=column_path, depth=len(column_path) // Page.steplen + 1
        )
        .exclude(pk=item_id)
    )
    if published_at is None:
        return None, None
    newer = Q(published_at__gt=published_at) | Q(
        published_at=published_at, pk__gt=item_id
    )
    older = Q(published_at__lt=published_at) | Q(
        published_at=published_at, pk__lt=item_id
    )
    return (
        siblings.filter(newer).order_by("published_at", "pk").first(),
        siblings.filter(older).order_by("-published_at", "-pk").first(),
    )


# Where attach_item_neighbours leaves an item's (newer, older) for the item templates.
NEIGHBOURS_ATTR = "_gongkai_item_neighbours"


def attach_item_neighbours(pages: Iterable[Any]) -> None:
    """Give every item among `pages` the neighbours `get_item_neighbours` would answer,
    computed from `pages` themselves (one sort per column instead of two queries per
    item, each ordering its whole column: quadratic in a column of 10,000 items).

    `pages` must hold every live public page below the columns concerned, as specific
    pages (a full publish's list, `publishing.targets.list_site_pages`); an item
    without a 发布时间 has no neighbours and is nobody's neighbour, as in the query."""
    columns: dict[str, list[DisclosurePage]] = {}
    for page in pages:
        if isinstance(page, DisclosurePage):
            columns.setdefault(page.path[: -Page.steplen], []).append(page)
    for items in columns.values():
        dated = sorted(
            (item for item in items if item.published_at is not None),
            key=lambda item: (item.published_at, item.pk),
        )
        for item in items:
            setattr(item, NEIGHBOURS_ATTR, (None, None))
        for index, item in enumerate(dated):
            newer = dated[index + 1] if index + 1 < len(dated) else None
            older = dated[index - 1] if index > 0 else None
            setattr(item, NEIGHBOURS_ATTR, (newer, older))
