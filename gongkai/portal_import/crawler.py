"""Walk an old portal from its start page: find every column and every item URL.

Pages are fetched once each; list pages are parsed for links, item pages are only
recorded here (the importer fetches and parses them one by one, so a run can resume).
"""

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .layouts.base import ParsedColumn, ParseError

MAX_LIST_PAGES = 100_000


@dataclass
class CrawlResult:
    columns: dict[str, ParsedColumn] = field(default_factory=dict)
    items: dict[str, str | None] = field(default_factory=dict)  # item path -> column id
    unreadable: list[str] = field(
        default_factory=list
    )  # list pages that could not be read


def crawl(
    source: Any, layout: Any, progress: Callable[[str], None] = lambda message: None
) -> CrawlResult:
    result = CrawlResult()
    found_on: dict[str, str | None] = {}
    queue: deque[tuple[str, str | None]] = deque([(source.start_path, None)])
    seen = {source.start_path}
    pages = 0
    while queue and pages < MAX_LIST_PAGES:
        path, column = queue.popleft()
        pages += 1
        for target, target_column in _visit(source, layout, result, path, column):
            if layout.item_id(target) is not None:
                found_on.setdefault(target, target_column)
            elif target not in seen:
                seen.add(target)
                queue.append((target, target_column))
        if pages % 100 == 0:
            progress(f"已读取列表页 {pages} 个，发现信息 {len(found_on)} 条")
    for path, column in found_on.items():
        result.items[path] = layout.item_column(path, column, result.columns)
    if layout.name == "trs":
        _trs_parents(result.columns)
    return result


def _visit(
    source: Any, layout: Any, result: CrawlResult, path: str, column: str | None
) -> list[tuple[str, str | None]]:
    """Read one list page: record its column; return the item and column links on it."""
    url_path, form = layout.request(path)
    data = source.fetch(url_path, form=form)
    if data is None:
        result.unreadable.append(path)
        return []
    if layout.column_id(path) is not None:
        try:
            parsed = layout.parse_column(path, source.url(path), data)
        except ParseError:
            parsed = None
        if parsed is not None:
            result.columns.setdefault(parsed.legacy_id, parsed)
            column = parsed.legacy_id
    try:
        targets = layout.list_links(path, source.url(path), data)
    except ParseError:
        return []
    found = []
    for target in targets:
        target = target.split("#", 1)[0]
        if (
            layout.item_id(target) is not None
            or layout.column_id(target) is not None
            or layout.is_list_page(target)
        ):
            found.append((target, column))
    return found


def _trs_parents(columns: dict[str, ParsedColumn]) -> None:
    """A TRS channel's parent is the nearest folder above it that is a column."""
    from dataclasses import replace

    for legacy_id, column in list(columns.items()):
        above = [
            other
            for other in columns
            if other != legacy_id and legacy_id.startswith(other)
        ]
        if above:
            columns[legacy_id] = replace(column, parent_id=max(above, key=len))
