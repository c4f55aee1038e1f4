"""An old page's body paragraph as Wagtail rich text (database format), sanitised.

Kept: bold, italic, links (site paths stay paths: the old URLs answer 301 on the new
site; other hosts stay absolute; javascript:/data: links lose their link), line breaks,
headings (h1/h2 -> h2, h3-h6 -> h3: the body editor offers h2/h3), lists (nested ones
flattened: the editor has one level), and a paragraph's centre/right alignment as the
class `align-center` / `align-right` (Draftail has no alignment; the published page
styles the class; an editor who re-saves the paragraph drops it). Everything else is
unwrapped to its text (font, span, u: the editor has no underline) or dropped with its
content (script, style, iframe, object, form controls, svg). No attribute of the old
markup is copied: only href, rebuilt. We whitelist while walking the tree ourselves
rather than use a sanitiser library because the output must also be re-shaped to the
editor's narrower model (tag renaming, flattening, alignment as a class).
"""

import re
from html import escape
from urllib.parse import urljoin, urlsplit

import lxml.html

DROPPED = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "meta",
    "link",
    "head",
    "title",
}
INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i"}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
LISTS = frozenset({"ul", "ol"})  # a nested list's items are items of their own
ALIGN = re.compile(r"text-align\s*:\s*(center|right)", re.IGNORECASE)
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)


def _text(text: str | None) -> str:
    return escape((text or "").replace("\xa0", " "))


def _href(page_url: str, href: str) -> str | None:
    """The link target to keep, or None (script, data, mail: not a link any more)."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    target = urlsplit(urljoin(page_url, href))
    if target.scheme not in ("http", "https"):
        return None
    if target.netloc == urlsplit(page_url).netloc:
        return target.path + (f"?{target.query}" if target.query else "")
    return target.geturl()


def inline_html(
    element: lxml.html.HtmlElement, page_url: str, skip: frozenset[str] = frozenset()
) -> str:
    """The sanitised inline content of `element` (its text, children and their tails;
    children tagged `skip` are left out)."""
    parts = [_text(element.text)]
    for child in element:
        if (
            isinstance(child.tag, str)
            and child.tag not in DROPPED
            and child.tag not in skip
        ):
            parts.append(_inline_child(child, page_url))
        parts.append(_text(child.tail))
    return "".join(parts)


def _inline_child(child: lxml.html.HtmlElement, page_url: str) -> str:
    if child.tag == "br":
        return "<br/>"
    inner = inline_html(child, page_url)
    if not inner.strip():
        return inner
    style = child.get("style") or ""
    tag = INLINE.get(child.tag)
    if tag is None and BOLD_STYLE.search(style):
        tag = "b"
    elif tag is None and ITALIC_STYLE.search(style):
        tag = "i"
    if child.tag == "a":
        href = _href(page_url, child.get("href") or "")
        return f'<a href="{escape(href)}">{inner}</a>' if href else inner
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def plain_text(element: lxml.html.HtmlElement) -> str:
    """The element's text without that of dropped elements (a script in a cell)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in DROPPED:
            parts.append(plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts).replace("\xa0", " ").strip()


def alignment(element: lxml.html.HtmlElement) -> str:
    match = ALIGN.search(element.get("style") or "")
    align = match.group(1) if match else (element.get("align") or "")
    align = align.lower()
    if element.tag == "center":
        align = "center"
    return align if align in ("center", "right") else ""


def block_html(element: lxml.html.HtmlElement, page_url: str) -> str:
    """A leaf block (paragraph, heading, list) as rich text; "" if it holds no text."""
    if element.tag in ("ul", "ol"):
        items = [
            _trim_breaks(inline_html(item, page_url, LISTS))
            for item in element.iter("li")
        ]
        items = [item for item in items if item]
        if not items:
            return ""
        entries = "".join(f"<li>{item}</li>" for item in items)
        return f"<{element.tag}>{entries}</{element.tag}>"
    inner = _trim_breaks(inline_html(element, page_url))
    if not inner.replace("<br/>", "").strip():
        return ""
    tag = HEADINGS.get(element.tag, "p")
    align = alignment(element) if tag == "p" else ""
    css = f' class="align-{align}"' if align else ""
    return f"<{tag}{css}>{inner}</{tag}>"


def _trim_breaks(html: str) -> str:
    html = html.strip()
    while html.startswith("<br/>"):
        html = html[5:].strip()
    while html.endswith("<br/>"):
        html = html[:-5].strip()
    return html
