"""拓尔思 TRS WCM, the other common platform of government portals.

A column (channel) is a folder: /xxgk/zcwj/index.html, its older list pages
index_1.html … index_N.html announced by `createPageHTML(N, current, "index", "html")`;
items sit in month folders below it: /xxgk/zcwj/202308/t20230807_4567890.html. An
item page carries `<meta name="ArticleTitle|PubDate|ContentSource|ColumnName">`, the
公开信息 table (`<th>索引号：</th><td>…</td>`), its body in `.TRS_Editor` and its
attachments (P0….pdf) in `.fjlist`.
"""

import re

from .base import (
    ParsedColumn,
    ParsedItem,
    ParseError,
    body_parts,
    clean_text,
    labelled_values,
    links,
    meta,
    page_title,
    parse_html,
    split_byline,
)

ITEM_PATH = re.compile(r"^(/(?:[\w.-]+/)*)(\d{6}/)?t(\d{8})_(\d+)\.html?$")
COLUMN_PATH = re.compile(r"^(/(?:[\w.-]+/)+)(?:index(?:_\d+)?\.html?)?$")
PAGER = re.compile(
    r"""createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']"""
)


class TrsLayout:
    name = "trs"

    def item_id(self, path: str) -> str | None:
        match = ITEM_PATH.match(path)
        return match.group(4) if match else None

    def column_id(self, path: str) -> str | None:
        match = COLUMN_PATH.match(path)
        return match.group(1) if match else None

    def column_path(self, legacy_id: str) -> str:
        return f"{legacy_id}index.html"

    def item_column(
        self, path: str, found_on: str | None, columns: dict[str, ParsedColumn]
    ) -> str | None:
        """The deepest known column folder holding the item, else the list it was found on."""
        match = ITEM_PATH.match(path)
        folder = match.group(1) if match else ""
        holders = [column for column in columns if folder.startswith(column)]
        return max(holders, key=len) if holders else found_on

    def is_list_page(self, path: str) -> bool:
        return False  # TRS list pages are column folders (index_N.html)

    def request(self, path: str) -> tuple[str, dict[str, str] | None]:
        return path, None

    def list_links(self, path: str, page_url: str, data: bytes) -> list[str]:
        """Columns, items and the column's older list pages linked from a page."""
        found = links(parse_html(data), page_url)
        folder = path.rsplit("/", 1)[0] + "/"
        for match in PAGER.finditer(data.decode("utf-8", errors="replace")):
            count, name, extension = int(match.group(1)), match.group(3), match.group(4)
            found += [
                f"{folder}{name}_{n}.{extension}" for n in range(1, min(count, 10_000))
            ]
        return found

    def parse_column(self, path: str, page_url: str, data: bytes) -> ParsedColumn:
        legacy_id = self.column_id(path)
        if legacy_id is None or legacy_id == "/":
            raise ParseError("不是栏目页面")
        root = parse_html(data)
        title = meta(root, "ColumnName") or page_title(root)
        return ParsedColumn(
            legacy_id=legacy_id,
            path=self.column_path(legacy_id),
            title=title,
            parent_id=None,
            aliases=(legacy_id,),
        )

    def parse_item(self, path: str, page_url: str, data: bytes) -> ParsedItem:
        match = ITEM_PATH.match(path)
        if match is None:
            raise ParseError("不是信息页面")
        root = parse_html(data)
        title = meta(root, "ArticleTitle") or page_title(root)
        if not title:
            raise ParseError("页面没有标题")
        tables = root.find_class("xxgk_table")
        editors = root.find_class("TRS_Editor") or root.find_class("trs_editor_view")
        if not editors:
            raise ParseError("页面没有正文区（.TRS_Editor）")
        parts = body_parts(editors[0], page_url)
        for appendix in root.find_class("fjlist"):
            parts += [
                part
                for part in body_parts(appendix, page_url)
                if part.kind == "attachment"
            ]
        parts, byline = split_byline(parts)
        return ParsedItem(
            legacy_id=match.group(4),
            path=path,
            column_id=None,  # decided by item_column from the crawled columns
            title=clean_text(title),
            published_at=meta(root, "PubDate"),
            source=meta(root, "ContentSource"),
            metadata=labelled_values(tables[0]) if tables else {},
            body=parts,
            byline=byline,
        )
