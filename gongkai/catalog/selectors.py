"""Reads for column listings and the home page."""

from django.db.models import QuerySet
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


def list_latest_by_column(*, home: Page, per_column: int) -> list[tuple[Page, list[DisclosurePage]]]:
    """For each top-level column of a site, its newest items."""
    columns = home.get_children().live().public().in_menu()
    return [
        (column, list(list_column_items(column=column)[:per_column])) for column in columns
    ]
