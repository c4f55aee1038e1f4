"""Reads of the public record: only live, public pages of the request's site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, QuerySet
from wagtail.models import Page, Site

from gongkai.catalog.models import DisclosurePage
from gongkai.core.models import ColumnPage, Organisation


@dataclass(frozen=True)
class ItemFilter:
    year: int | None = None
    column_id: int | None = None
    organisation_id: int | None = None
    updated_since: date | None = None


def public_items(
    *, site: Site, filters: ItemFilter = ItemFilter()
) -> QuerySet[DisclosurePage]:
    """Live public items of the site, newest first; a column outside the site gives none."""
    items = (
        DisclosurePage.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .select_related("publisher", "genre", "topic", "topic__parent")
        .order_by("-published_at", "-pk")
    )
    if filters.year is not None:
        items = items.filter(published_at__year=filters.year)
    if filters.organisation_id is not None:
        items = items.filter(publisher_id=filters.organisation_id)
    if filters.updated_since is not None:
        items = items.filter(last_published_at__date__gte=filters.updated_since)
    if filters.column_id is not None:
        column = public_columns(site=site).filter(pk=filters.column_id).first()
        items = items.descendant_of(column) if column is not None else items.none()
    return items


def public_item(*, site: Site, item_id: int) -> DisclosurePage | None:
    return public_items(site=site).filter(pk=item_id).first()


def public_columns(*, site: Site) -> QuerySet[ColumnPage]:
    return (
        ColumnPage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .order_by("path")
    )


def publishing_organisations(*, site: Site) -> QuerySet[Organisation]:
    """The organisations that publish at least one public item on the site."""
    ids = public_items(site=site).order_by().values("publisher_id")
    return (
        Organisation.objects.filter(pk__in=ids).select_related("parent").order_by("pk")
    )


def fingerprint(items: QuerySet[DisclosurePage]) -> str:
    """What changes whenever the list's content may change: count and latest publish."""
    summary = items.order_by().aggregate(
        count=Count("pk"), latest=Max("last_published_at")
    )
    latest = summary["latest"].isoformat() if summary["latest"] else "-"
    return f"{summary['count']}:{latest}"


def column_parent_id(page: Page) -> int | None:
    parent = page.get_parent()
    return parent.pk if parent is not None else None
