"""大汉 Hanweb JCMS, the platform most Zhejiang portals run on.

Items live at /art/Y/M/D/art_<column id>_<item id>.html, columns at
/col/col<column id>/index.html. A column page embeds its list as an XML data store
(`<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href=…>`);
an item page carries `<meta name="ArticleTitle|PubDate|ContentSource">`, the 公开信息
block (`<span>信息索引号:</span><p>…</p>` pairs) and its body between the
`<meta name="ContentStart">` / `ContentEnd` markers inside `#zoom`. Longer lists are
loaded by JavaScript from /module/web/jpage/dataproxy.jsp (`hanweb_jpage`).
"""

import re

import lxml.html

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
    site_path,
    split_byline,
)
from .hanweb_jpage import (
    column_requests,
    following_requests,
    is_dataproxy,
    records,
    split_request,
)

ITEM_PATH = re.compile(r"^/art/(\d{4})/(\d{1,2})/(\d{1,2})/art_(\d+)_(\d+)\.html$")
COLUMN_PATH = re.compile(r"^/col/col(\d+)/(?:index\.html)?$")
RECORD_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class HanwebLayout:
    name = "hanweb"

    def item_id(self, path: str) -> str | None:
        match = ITEM_PATH.match(path)
        return match.group(5) if match else None

    def column_id(self, path: str) -> str | None:
        match = COLUMN_PATH.match(path)
        return match.group(1) if match else None

    def column_path(self, legacy_id: str) -> str:
        return f"/col/col{legacy_id}/index.html"

    def item_column(
        self, path: str, found_on: str | None, columns: dict[str, ParsedColumn]
    ) -> str | None:
        match = ITEM_PATH.match(path)
        return match.group(4) if match else found_on

    def is_list_page(self, path: str) -> bool:
        """A list page that is neither a column nor an item (the jpage data proxy)."""
        return is_dataproxy(path)

    def request(self, path: str) -> tuple[str, dict[str, str] | None]:
        """The path to fetch and the form to POST with it (None: a plain GET)."""
        return split_request(path)

    def list_links(self, path: str, page_url: str, data: bytes) -> list[str]:
        """Columns, items and further pages linked from a page, its data store and the
        data proxy requests for the rest of a JavaScript-loaded list included."""
        if is_dataproxy(path):
            text = data.decode("utf-8", errors="replace")
            return [
                *self._record_links(records(text), page_url),
                *following_requests(path, text),
            ]
        root = parse_html(data)
        found = links(root, page_url)
        for script in root.iter("script"):
            if (script.get("type") or "").lower() == "text/xml":
                store = script.text or ""
                embedded = records(store)
                found += self._record_links(embedded, page_url)
                found += column_requests(
                    store + "".join(_script_texts(root)), len(embedded)
                )
        return found

    def _record_links(self, fragments: list[str], page_url: str) -> list[str]:
        found = []
        for fragment in fragments:
            for href in RECORD_HREF.findall(fragment):
                path = site_path(page_url, href.replace("&amp;", "&"))
                if path is not None:
                    found.append(path)
        return found

    def parse_column(self, path: str, page_url: str, data: bytes) -> ParsedColumn:
        legacy_id = self.column_id(path)
        if legacy_id is None:
            raise ParseError("不是栏目页面")
        root = parse_html(data)
        title = meta(root, "ColumnName") or page_title(root)
        trail = [self.column_id(p) for p in _breadcrumb_paths(root, page_url)]
        trail = [column for column in trail if column]
        parent = None
        if legacy_id in trail and trail.index(legacy_id) > 0:
            parent = trail[trail.index(legacy_id) - 1]
        elif trail and trail[-1] != legacy_id:
            parent = trail[-1]
        canonical = self.column_path(legacy_id)
        return ParsedColumn(
            legacy_id=legacy_id,
            path=canonical,
            title=title,
            parent_id=parent,
            aliases=(f"/col/col{legacy_id}/",),
        )

    def parse_item(self, path: str, page_url: str, data: bytes) -> ParsedItem:
        match = ITEM_PATH.match(path)
        if match is None:
            raise ParseError("不是信息页面")
        root = parse_html(data)
        title = (
            meta(root, "ArticleTitle") or _first_text(root, "title") or page_title(root)
        )
        if not title:
            raise ParseError("页面没有标题")
        block = _first(root, "xxgk_table")
        zoom = root.get_element_by_id("zoom", None)
        if zoom is None:
            raise ParseError("页面没有正文区（#zoom）")
        content = _between_markers(zoom)
        parts, byline = split_byline(body_parts(content, page_url))
        return ParsedItem(
            legacy_id=match.group(5),
            path=path,
            column_id=match.group(4),
            title=title,
            published_at=meta(root, "PubDate"),
            source=meta(root, "ContentSource"),
            metadata=labelled_values(block if block is not None else root),
            body=parts,
            byline=byline,
        )


def _script_texts(root: lxml.html.HtmlElement) -> list[str]:
    """The pager's settings: inline scripts and the attributes of the one loading it."""
    texts = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "text/xml":
            continue
        texts.append(script.text or "")
        texts.append(" ".join(f'{k}="{v}"' for k, v in script.attrib.items()))
    return texts


def _first(root: lxml.html.HtmlElement, css_class: str) -> lxml.html.HtmlElement | None:
    found = root.find_class(css_class)
    return found[0] if found else None


def _first_text(root: lxml.html.HtmlElement, css_class: str) -> str:
    element = _first(root, css_class)
    return clean_text(element.text_content()) if element is not None else ""


def _breadcrumb_paths(root: lxml.html.HtmlElement, page_url: str) -> list[str]:
    for css_class in ("bt-position", "position", "crumb", "breadcrumb"):
        element = _first(root, css_class)
        if element is not None:
            return links(element, page_url)
    return []


def _between_markers(zoom: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The body between <meta name="ContentStart"> and ContentEnd (the whole #zoom
    when the markers are missing)."""
    children = list(zoom)
    names = [
        (child.get("name") or "") if child.tag == "meta" else "" for child in children
    ]
    if "ContentStart" not in names:
        return zoom
    start = names.index("ContentStart")
    end = names.index("ContentEnd") if "ContentEnd" in names else len(children)
    content = lxml.html.Element("div")
    for child in children[start + 1 : end]:
        content.append(child)
    return content
