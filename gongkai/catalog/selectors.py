"""Reads for column listings and the home page."""

from datetime import datetime

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
