"""What a layout parser returns, and the HTML helpers both layouts share (pure: no ORM).

A layout knows one vendor platform's URL scheme and page structure: which paths are
columns and items, where a page's list links, metadata block and body are.
"""

import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError

from .rich_text import DROPPED, block_html, plain_text

DOCUMENT_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".wps",
    ".et",
    ".ofd",
    ".zip",
    ".rar",
    ".txt",
    ".ppt",
    ".pptx",
    ".csv",
)
# The 公开信息 block's labels as the platforms print them -> our field names.
METADATA_LABELS = {
    "索引号": "index_number",
    "信息索引号": "index_number",
    "发布机构": "publisher",
    "文号": "document_number",
    "发文字号": "document_number",
    "成文日期": "written_on",
    "发布日期": "published_on",
    "主题分类": "topic",
    "体裁分类": "genre",
    "有效性": "validity",
    "公开方式": "disclosure_method",
    "实施日期": "effective_on",
    "生效日期": "effective_on",
    "失效日期": "invalid_on",
    "废止日期": "invalid_on",
    "失效/废止日期": "invalid_on",
}
LABEL_JUNK = re.compile(r"[\s\u3000:：]+")
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
BYLINE = re.compile(r"^[（(](记者|通讯员|作者|文|来源)[^）)]*[）)]$")


class ParseError(ValueError):
    """The page is not what the layout expects; the message is user-facing Chinese."""


@dataclass(frozen=True)
class ParsedColumn:
    legacy_id: str
    path: str  # the canonical legacy path, e.g. /col/col1229398364/index.html
    title: str
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()  # other paths that showed the column (/col/col1/)


@dataclass(frozen=True)
class BodyPart:
    kind: Literal["paragraph", "image", "attachment", "table"]
    text: str  # paragraph text, image alt text or attachment name
    url: str = ""  # image or attachment, absolute path or URL
    html: str = ""  # a paragraph, heading or list as sanitised rich text
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cell texts
    header: bool = False  # the table's first row is a header (th cells)


@dataclass
class ParsedItem:
    legacy_id: str
    path: str
    column_id: str | None
    title: str
    published_at: str  # as printed: "2023-08-07 08:56" or "2023-08-07"
    source: str
    metadata: dict[str, str]  # field name -> value as printed
    body: list[BodyPart] = field(default_factory=list)
    byline: str = ""


def parse_html(data: bytes) -> lxml.html.HtmlElement:
    """The document, decoded by its declared charset (UTF-8 if none; GBK pages exist)."""
    match = CHARSET.search(data[:4096])
    encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    if encoding in ("gb2312", "gbk"):
        encoding = "gb18030"  # a superset: old pages use characters outside GB2312
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    try:
        return lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise ParseError("页面不是有效的 HTML") from exc


def clean_text(text: str | None) -> str:
    return (text or "").replace("\xa0", " ").strip()


def meta(root: lxml.html.HtmlElement, name: str) -> str:
    for element in root.iter("meta"):
        if (element.get("name") or "").lower() == name.lower():
            return clean_text(element.get("content"))
    return ""


def page_title(root: lxml.html.HtmlElement) -> str:
    title = root.find(".//title")
    return clean_text(title.text_content()) if title is not None else ""


def site_path(page_url: str, href: str) -> str | None:
    """`href` on the page at `page_url` as a path of the same site, or None (another
    host, a mail link, a script)."""
    href = clean_text(href)
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    absolute = urljoin(page_url, href)
    base, target = urlsplit(page_url), urlsplit(absolute)
    if target.scheme not in ("http", "https", "") or target.netloc != base.netloc:
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def links(root: lxml.html.HtmlElement, page_url: str) -> list[str]:
    found = []
    for anchor in root.iter("a"):
        path = site_path(page_url, anchor.get("href") or "")
        if path is not None:
            found.append(path)
    return found


def labelled_values(block: lxml.html.HtmlElement) -> dict[str, str]:
    """The 公开信息 block as {field: value}: an element whose whole text is a known label
    ("信息索引号:", "文　　号：") is followed by the element (or text) holding its value."""
    values: dict[str, str] = {}
    for element in block.iter():
        if not isinstance(element.tag, str) or len(element):
            continue  # comments, or a container of other elements
        label = LABEL_JUNK.sub("", element.text_content() or "")
        name = METADATA_LABELS.get(label)
        if name is None or name in values:
            continue
        following = element.getnext()
        if following is not None:
            values[name] = clean_text(following.text_content())
        else:
            values[name] = clean_text(element.tail)
    return values


def is_document(url: str) -> bool:
    path = urlsplit(url).path.lower()
    query = urlsplit(url).query.lower()
    return path.endswith(DOCUMENT_EXTENSIONS) or (
        "downfile" in path and any(ext in query for ext in DOCUMENT_EXTENSIONS)
    )


BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "center",
    "blockquote",
    "section",
    "table",
    "ul",
    "ol",
}


def _is_media(node: lxml.html.HtmlElement) -> bool:
    return node.tag == "img" or (
        node.tag == "a" and is_document(node.get("href") or "")
    )


class _BodyWalker:
    """Paragraphs, headings, lists, tables, images and attachments of a body
    container, in document order. A paragraph keeps its inline formatting as
    sanitised rich text (`rich_text`); a table keeps its cells as text."""

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self.parts: list[BodyPart] = []

    def text(self, text: str | None) -> None:
        if clean_text(text):
            self.parts.append(BodyPart("paragraph", clean_text(text)))

    def visit(self, element: lxml.html.HtmlElement) -> None:
        if element.tag in DROPPED:
            return
        if element.tag == "table":
            self.table(element)
        elif any(_is_media(node) for node in element.iter("img", "a")):
            if any(
                isinstance(child.tag, str) and child.tag in BLOCK_TAGS
                for child in element
            ):
                self.container(element)
            else:
                self.media(element)
        elif element.tag in ("ul", "ol") or not any(
            isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element
        ):
            self.block(element)
        else:
            self.container(element)

    def block(self, element: lxml.html.HtmlElement) -> None:
        html = block_html(element, self.page_url)
        if html:
            self.parts.append(
                BodyPart("paragraph", clean_text(element.text_content()), html=html)
            )

    def container(self, element: lxml.html.HtmlElement) -> None:
        self.text(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self.visit(child)
            self.text(child.tail)

    def table(self, element: lxml.html.HtmlElement) -> None:
        """The cells as text; a merged cell (colspan) is repeated as empty cells so
        the rows stay aligned (rowspan is not reproduced: the table block has no
        merged cells)."""
        rows, header = [], False
        for number, row in enumerate(element.iter("tr")):
            cells: list[str] = []
            for cell in row:
                if cell.tag not in ("td", "th"):
                    continue
                cells.append(plain_text(cell))
                span = cell.get("colspan") or "1"
                cells += [""] * (min(int(span), 50) - 1 if span.isdigit() else 0)
            if any(cells):
                rows.append(cells)
                header = header or (
                    number == 0
                    and all(cell.tag == "th" for cell in row.iter("th", "td"))
                )
        if rows:
            width = max(len(row) for row in rows)
            self.parts.append(
                BodyPart(
                    "table",
                    "",
                    rows=tuple(tuple(row + [""] * (width - len(row))) for row in rows),
                    header=header,
                )
            )

    def media(self, element: lxml.html.HtmlElement) -> None:
        names = set()
        for node in element.iter("img", "a"):
            if node.tag == "img" and node.get("src"):
                alt = clean_text(node.get("alt") or node.get("title"))
                self.parts.append(
                    BodyPart("image", alt, urljoin(self.page_url, node.get("src")))
                )
            elif _is_media(node):
                name = clean_text(node.text_content())
                names.add(name)
                self.parts.append(
                    BodyPart(
                        "attachment", name, urljoin(self.page_url, node.get("href"))
                    )
                )
        text = clean_text(element.text_content())
        if (
            text not in names
        ):  # "附件：<a>名称</a>" keeps its words; a bare link does not repeat
            self.text(text)


def body_parts(container: lxml.html.HtmlElement, page_url: str) -> list[BodyPart]:
    walker = _BodyWalker(page_url)
    for child in container:
        if isinstance(child.tag, str):
            walker.visit(child)
    return walker.parts


def split_byline(parts: list[BodyPart]) -> tuple[list[BodyPart], str]:
    """The last paragraph "（记者 …）" is the byline, not body text (attachments and
    images may follow it)."""
    paragraphs = [index for index, part in enumerate(parts) if part.kind == "paragraph"]
    if paragraphs and BYLINE.match(parts[paragraphs[-1]].text):
        last = paragraphs[-1]
        return parts[:last] + parts[last + 1 :], parts[last].text
    return parts, ""
