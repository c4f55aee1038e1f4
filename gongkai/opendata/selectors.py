"""Reads of the public record: only live, public pages of the request's site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar, cast

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page, Site

from gongkai.catalog.models import DisclosurePage
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation

PagesT = TypeVar("PagesT", bound=QuerySet)


@dataclass(frozen=True)
class ItemFilter:
    year: int | None = None
    column_id: int | None = None
    organisation_id: int | None = None
    updated_since: date | None = None


def _with_parent_id(pages: PagesT) -> PagesT:
    """Annotate each page's parent id in the same query (treebeard paths: the parent's
    path is the page's minus one step), instead of one get_parent() query per row."""
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("pk")[:1]
    return cast(PagesT, pages.annotate(parent_id=Subquery(parent)))


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
    items = _with_parent_id(items)
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
    return _with_parent_id(
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
