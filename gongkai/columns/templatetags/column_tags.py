"""Template tags of the column tree (栏目树): the column pages' left tree and the 网站地图."""

from dataclasses import dataclass
from typing import Any

from django import template
from wagtail.models import Page

from gongkai.core.templatetags.gongkai_tags import site_home

from ..selectors import ColumnNode, get_column_tree

register = template.Library()


@dataclass(frozen=True)
class Section:
    """A top-level column and its column tree (the left tree of column pages)."""

    title: str
    url: str
    page_id: int
    nodes: list[ColumnNode]


@register.simple_tag(takes_context=True)
def section_tree(context: dict[str, Any], page: Page) -> Section | None:
    """The top-level column holding `page` with every column below it (None on the home page)."""
    if page.depth < 3:
        return None
    request = context.get("request")
    section_path = page.path[: 3 * page.steplen]
    # The static publisher shares one cache across a run: a section's tree is read once.
    cache = getattr(request, "_gongkai_crumb_cache", None)
    key = f"section:{section_path}"
    if cache is not None and key in cache:
        return cache[key]
    section_page = (
        page if page.path == section_path else Page.objects.get(path=section_path)
    )
    section = Section(
        section_page.title,
        section_page.get_url(request) or "",
        section_page.pk,
        get_column_tree(root=section_page, request=request),
    )
    if cache is not None:
        cache[key] = section
    return section


@register.simple_tag(takes_context=True)
def site_column_tree(context: dict[str, Any]) -> list[ColumnNode]:
    """Every column of the site, nested (the 网站地图 page)."""
    home = site_home(context)
    return get_column_tree(root=home, request=context.get("request")) if home else []
