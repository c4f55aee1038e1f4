"""Template tags of the item pages."""

from dataclasses import dataclass
from typing import Any

from django import template

from gongkai.catalog.selectors import NEIGHBOURS_ATTR, get_item_neighbours

register = template.Library()


@dataclass(frozen=True)
class Neighbours:
    newer: Any  # 上一篇: the item listed just above, or None
    older: Any  # 下一篇: the item listed just below, or None


@register.simple_tag
def item_neighbours(page: Any) -> Neighbours:
    """上一篇 / 下一篇 of an item within its own column (publishing re-renders both
    neighbours when an item enters, leaves or moves: publishing/signal_handlers.py).
    A full publish attaches every item's neighbours beforehand (attach_item_neighbours)."""
    known = getattr(page, NEIGHBOURS_ATTR, None)
    if known is not None:
        return Neighbours(*known)
    newer, older = get_item_neighbours(
        column_path=page.path[: -page.steplen],
        published_at=page.published_at,
        item_id=page.pk,
    )
    return Neighbours(newer, older)


@register.filter
def topic_label(topic: Any) -> str:
    """主题分类 as readers see it: 一级 > 二级 (issue #16; never the stored 一级\\二级)."""
    return "" if topic is None else str(topic.reader_label)
