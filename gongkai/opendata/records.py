"""Plain-data records of the public record, shared by the JSON API and the bulk files.

One field list (FIELDS) decides the columns of the CSV/XLSX files and the keys of the
JSON objects, so the three formats never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gongkai.catalog.models import DisclosurePage
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation

# (key, 中文列名) in file order.
FIELDS: list[tuple[str, str]] = [
    ("id", "编号"),
    ("index_number", "索引号"),
    ("title", "名称"),
    ("document_number", "文号"),
    ("publisher", "发布机构"),
    ("genre", "体裁分类"),
    ("topic", "主题分类"),
    ("written_on", "成文日期"),
    ("published_at", "发布日期"),
    ("validity", "有效性"),
    ("disclosure_method", "公开方式"),
    ("source", "信息来源"),
    ("keywords", "关键词"),
    ("summary", "内容概述"),
    ("column_id", "栏目编号"),
    ("url", "网址"),
    ("updated_at", "更新时间"),
]


def item_record(item: DisclosurePage, absolute: Callable[[str], str]) -> dict[str, Any]:
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "document_number": item.document_number,
        "publisher": item.publisher.name if item.publisher is not None else "",
        "publisher_id": item.publisher_id,
        "genre": item.genre.name if item.genre is not None else "",
        "topic": item.topic.reader_label if item.topic is not None else "",
        "written_on": item.written_on.isoformat() if item.written_on else None,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "validity": item.get_validity_display() if item.validity else "",
        "disclosure_method": item.get_disclosure_method_display(),
        "source": item.source,
        "keywords": item.keywords,
        "summary": item.summary,
        "column_id": item.parent_id,  # annotated by selectors
        "url": absolute(item.url) if item.url else "",
        "updated_at": item.last_published_at.isoformat()
        if item.last_published_at
        else None,
    }


def column_record(column: ColumnPage, absolute: Callable[[str], str]) -> dict[str, Any]:
    url = column.url or ""
    return {
        "id": column.pk,
        "title": column.title,
        "parent_id": column.parent_id,  # annotated by selectors
        "depth": column.depth,
        "url": absolute(url) if url else "",
        "rss": absolute(url + "rss.xml") if url else "",
    }


def organisation_record(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.get_kind_display(),
        "code": organisation.code,
        "parent_id": organisation.parent_id,
    }


def as_row(record: dict[str, Any]) -> list[str]:
    return ["" if record[key] is None else str(record[key]) for key, _label in FIELDS]
