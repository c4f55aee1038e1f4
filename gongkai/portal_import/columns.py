"""The column tree of an import: old columns mapped onto existing ones or recreated
below the 历史栏目 column, each with its old paths kept as redirects."""

import json
import re
from pathlib import Path
from typing import Any

from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from gongkai.columns.models import ColumnPage

from .layouts.base import ParsedColumn
from .models import LegacyColumn

HISTORY_SLUG = "lszl"
HISTORY_TITLE = "历史栏目"


class PortalImportError(Exception):
    """The import cannot start; the message is one user-facing Chinese line."""


def column_by_path(site: Site, path: str) -> ColumnPage | None:
    """The column at `path` (slugs from the site's home, "zwgk/zfhy/qtqh")."""
    page: Page = site.root_page
    for slug in [part for part in path.strip("/").split("/") if part]:
        page = page.get_children().filter(slug=slug).first()
        if page is None:
            return None
    return page.specific if isinstance(page.specific, ColumnPage) else None


def load_column_map(site: Site, file: str | None) -> dict[str, ColumnPage]:
    """--column-map: a JSON object {old column id: column path in this site}."""
    if not file:
        return {}
    try:
        raw = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PortalImportError(f"栏目对应文件“{file}”不存在。") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PortalImportError(f"栏目对应文件“{file}”不是有效的 JSON：{exc}") from exc
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise PortalImportError(
            f'栏目对应文件“{file}”应为 {{"原栏目标识": "新栏目路径"}} 形式的 JSON 对象。'
        )
    mapping = {}
    for legacy_id, target in raw.items():
        column = column_by_path(site, target)
        if column is None:
            raise PortalImportError(f"栏目对应文件中的新栏目“{target}”在站点中不存在。")
        mapping[str(legacy_id)] = column
    return mapping


def ensure_history_column(site: Site, path: str | None) -> ColumnPage:
    """The column that receives unmapped old columns (default: 历史栏目 below the home)."""
    if path:
        column = column_by_path(site, path)
        if column is None:
            raise PortalImportError(f"--into 指定的栏目“{path}”在站点中不存在。")
        return column
    existing = column_by_path(site, HISTORY_SLUG)
    if existing is not None:
        return existing
    # Kept out of the main navigation: old content is reachable by its old URLs, the site
    # map and search, not as a menu entry beside the current columns.
    return _create_column(site.root_page, HISTORY_TITLE, HISTORY_SLUG, in_menu=False)


def _create_column(
    parent: Page, title: str, slug: str, *, in_menu: bool = False
) -> ColumnPage:
    column = ColumnPage(title=title[:255] or slug, slug=slug, show_in_menus=in_menu)
    parent.add_child(instance=column)
    column.save_revision(clean=False).publish()
    return column


def _slug(layout: str, column: ParsedColumn) -> str:
    if layout == "hanweb":
        return f"col{column.legacy_id}"
    name = column.legacy_id.strip("/").rsplit("/", 1)[-1]
    return slugify(name) or "col-" + re.sub(r"\W", "", column.legacy_id)[-20:]


def _depth(columns: dict[str, ParsedColumn], legacy_id: str) -> int:
    depth, seen = 0, {legacy_id}
    parent = columns[legacy_id].parent_id
    while parent in columns and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = columns[parent].parent_id
    return depth


def ensure_columns(
    *,
    site: Site,
    layout: str,
    columns: dict[str, ParsedColumn],
    into: ColumnPage,
    mapping: dict[str, ColumnPage],
) -> tuple[dict[str, ColumnPage], dict[str, LegacyColumn], int]:
    """(column page per old column id, LegacyColumn per id, columns created)."""
    known = {
        row.legacy_id: row
        for row in LegacyColumn.objects.filter(site=site, layout=layout)
    }
    pages: dict[str, ColumnPage] = {}
    rows: dict[str, LegacyColumn] = {}
    created = 0
    for legacy_id in sorted(columns, key=lambda key: (_depth(columns, key), key)):
        parsed = columns[legacy_id]
        row = known.get(legacy_id)
        page = mapping.get(legacy_id) or (row.column if row and row.column_id else None)
        if page is None:
            parent = pages.get(parsed.parent_id or "", into)
            slug = _slug(layout, parsed)
            existing = parent.get_children().filter(slug=slug).specific().first()
            if isinstance(existing, ColumnPage):
                page = existing
            else:
                page = _create_column(
                    parent,
                    parsed.title,
                    slug if existing is None else f"{slug}-{legacy_id[-6:]}",
                )
                created += 1
        if row is None:
            row = LegacyColumn(
                site=site, layout=layout, legacy_id=legacy_id, legacy_path=parsed.path
            )
        if row.pk is None or row.column_id != page.pk or row.title != parsed.title:
            row.column, row.title = page, parsed.title
            row.save()
        for path in (parsed.path, *parsed.aliases):
            keep_redirect(site, path, page)
        pages[legacy_id], rows[legacy_id] = page, row
    return pages, rows, created


def keep_redirect(site: Site, legacy_path: str, page: Any) -> None:
    """The old path answers 301 to `page` (Wagtail's redirect, which publishing maps)."""
    old_path = Redirect.normalise_path(legacy_path)
    current = Redirect.objects.filter(site=site, old_path=old_path).first()
    if current is None:
        Redirect.objects.create(
            site=site, old_path=old_path, redirect_page=page, is_permanent=True
        )
    elif (
        current.redirect_page_id != page.pk
        or current.redirect_link
        or not current.is_permanent
    ):
        current.redirect_page, current.redirect_link, current.is_permanent = (
            page,
            "",
            True,
        )
        current.save()
