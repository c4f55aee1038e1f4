"""Reads of columns (栏目): what a column page shows (`column_context`, one definition for
the static page and the dynamic catalog page), and the column tree for the site map
page and the column pages' left tree."""

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from wagtail.models import Page

from gongkai.core.enums import ColumnListMode
from gongkai.search.views import catalog_table_context

from .models import ColumnPage


def column_context(
    column: ColumnPage,
    params: QueryDict,
    *,
    page_number: int | None = None,
    list_count: int | None = None,
) -> dict[str, Any]:
    """What the page of `column` shows for these query parameters.

    The static page (ColumnPage.get_context, empty parameters) and the dynamic catalog
    page (/search/catalog/<id>/, columns.views) both call this, so that they cannot drift
    apart again: they once listed different 下级栏目 (issue 18).
    `page_number`/`list_count` choose a list page of a list-mode column (Http404 past
    the last page); a catalog-mode column pages through `params` instead.
    """
    context: dict[str, Any] = {"subcolumns": list_subcolumns(column)}
    if column.list_mode == ColumnListMode.CATALOG:
        context.update(
            catalog_table_context(
                params=params,
                per_page=max(column.items_per_page, 1),
                scope_page_id=column.pk,
                also_page_ids=catalog_sources(column),
                base=reverse("search:catalog", args=[column.pk]),
            )
        )
    else:
        context["page_obj"] = column.get_list_page(page_number, count=list_count)
    return context


def list_subcolumns(column: Page) -> Any:
    """下级栏目: the live public child columns only. A leaf column's items are listed
    below, not as sub-columns (loading every child item on each list page cost a query
    of the whole column)."""
    return column.get_children().live().public().type(ColumnPage).specific()


def catalog_sources(column: ColumnPage) -> tuple[int, ...]:
    """The live columns a catalog also lists (ColumnPage.catalog_columns), in the same site."""
    return tuple(
        ColumnPage.objects.filter(catalogs=column)
        .live()
        .public()
        .descendant_of(column.get_site().root_page)
        .values_list("pk", flat=True)
    )


@dataclass
class ColumnNode:
    """One column of the tree with the columns directly below it."""

    title: str
    url: str
    page_id: int
    children: list["ColumnNode"] = field(default_factory=list)


def get_column_tree(*, root: Page, request: Any = None) -> list[ColumnNode]:
    """The live public columns below `root` (not `root` itself), nested, in tree order.

    One query for the whole subtree; parents come before their children in `path` order,
    so each column is attached to the node of its parent path.
    """
    columns = (
        Page.objects.live()
        .public()
        .descendant_of(root)
        .type(ColumnPage)
        .order_by("path")
        .only("id", "path", "depth", "title", "url_path")
    )
    nodes: dict[str, ColumnNode] = {}
    top: list[ColumnNode] = []
    for column in columns:
        node = ColumnNode(column.title, column.get_url(request) or "", column.pk)
        nodes[column.path] = node
        parent = nodes.get(column.path[: -column.steplen])
        if parent is not None:
            parent.children.append(node)
        elif column.depth == root.depth + 1:
            top.append(node)
        # A column below a non-public or non-column page is left out with its subtree.
    return top
