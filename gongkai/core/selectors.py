"""Reads of the column tree (栏目树): the site map page and the column pages' left tree."""

from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Page

from .models import ColumnPage


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
