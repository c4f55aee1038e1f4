"""The admin's entry points to the public search page and the catalog tables: a menu
item 站内检索, and on a catalog-mode column (its header and its row in page listings)
links to its table and its XLSX download. Imported by wagtail_hooks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from gongkai.core.enums import ColumnListMode


@hooks.register("register_admin_menu_item")
def register_search_page_menu_item() -> MenuItem:
    return MenuItem(
        _("站内检索"),
        reverse("search:search") + "?advanced=1",
        name="public-search",
        icon_name="search",
        attrs={"target": "_blank", "rel": "noopener"},
        order=255,
    )


def catalog_buttons(page: Any, *, priority: int) -> Iterator[Button]:
    """Links to the catalog table and its download, for a live catalog-mode column."""
    specific = page.specific_deferred
    if getattr(specific, "list_mode", None) != ColumnListMode.CATALOG or not page.live:
        return
    table = reverse("search:catalog", args=[page.pk])
    yield Button(
        _("查看公开目录表格"),
        url=table,
        icon_name="list-ul",
        priority=priority,
        attrs={"target": "_blank", "rel": "noopener"},
    )
    yield Button(
        _("下载公开目录（Excel）"),
        url=f"{table}export.xlsx",
        icon_name="download",
        priority=priority + 1,
    )


@hooks.register("register_page_header_buttons")
def page_header_catalog_buttons(
    page: Any, user: Any, view_name: str, next_url: str | None = None
) -> Iterator[Button]:
    yield from catalog_buttons(page, priority=80)


@hooks.register("register_page_listing_more_buttons")
def page_listing_catalog_buttons(
    page: Any, user: Any, next_url: str | None = None
) -> Iterator[Button]:
    yield from catalog_buttons(page, priority=80)
