"""Find English interface text on an admin page as the browser renders it (issue #16 B).

The collector runs in the page: every text node (visible or not, so closed menus and
dropdowns count too, but not <script>/<style>/<code>/<pre> or form field values, which
hold data), the accessible texts users meet (placeholder, title, aria-label, alt,
submit buttons' value), the tab title, and the labels of the sidebar, which Wagtail
renders from a JSON island only when a menu is opened.

A string is English when it holds a run of two Latin letters that the allow-list does
not explain. The allow-list is short and each entry says why it stays Latin.
"""

import re
from typing import Any

from playwright.sync_api import Page

COLLECT_TEXTS = r"""
() => {
  // IFRAME: markup written inside an <iframe> tag is kept as raw text that no browser shows
  // (Wagtail's preview panel has "<div> </div>" there); the frame's own page is separate.
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "CODE", "PRE", "TEXTAREA", "svg", "SVG", "KBD", "IFRAME"]);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.nodeValue.trim();
    if (!text) continue;
    let parent = node.parentElement, skipped = false;
    while (parent) {
      // The jQuery date picker keeps an apply button ("Save Selected") that Wagtail never
      // shows (showApplyButton is off); it is no interface text.
      if (skip.has(parent.tagName) || parent.closest("svg, .xdsoft_datetimepicker")) { skipped = true; break; }
      parent = parent.parentElement;
    }
    if (!skipped) out.push(text);
  }
  for (const el of document.querySelectorAll("[placeholder],[title],[aria-label],img[alt],input[type=submit],input[type=button]")) {
    if (el.closest("svg")) continue;
    for (const name of ["placeholder", "title", "aria-label", "alt"]) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push(value.trim());
    }
    if (el.tagName === "INPUT" && ["submit", "button"].includes(el.type) && el.value) out.push(el.value.trim());
  }
  const sidebar = document.querySelector("#wagtail-sidebar-props");
  if (sidebar) {
    const walk = (value, key) => {
      if (typeof value === "string") {
        // "name" holds menu ids (reports, aging-pages), not text
        if (["label", "title"].includes(key) && value.trim()) out.push(value.trim());
      } else if (Array.isArray(value)) {
        value.forEach((item) => walk(item, key));
      } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) walk(v, k);
      }
    };
    try { walk(JSON.parse(sidebar.textContent), ""); } catch (e) { out.push("sidebar props unreadable"); }
  }
  out.push(document.title);
  return out;
}
"""

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin text that is right in a Chinese admin. Each entry is a whole token.
ALLOWED_WORDS = {
    # file formats and units people know by their Latin names
    "PDF",
    "DOC",
    "DOCX",
    "XLS",
    "XLSX",
    "OFD",
    "WPS",
    "TXT",
    "ZIP",
    "CSV",
    "JSON",
    "XML",
    "JPG",
    "JPEG",
    "PNG",
    "GIF",
    "WEBP",
    "SVG",
    "KB",
    "MB",
    "GB",
    "px",
    # technical abbreviations written in Latin in Chinese government IT
    "URL",
    "ID",
    "IP",
    "HTML",
    "RSS",
    "API",
    "QR",
    "ICP",
    "SEO",
    "UTC",
    "CST",
    # product names: the CMS and the editor's rich-text toolkit are credited by name
    "Wagtail",
    "Draftail",
    # demo data that the pages show as data (user names, e-mail addresses, slugs, codes)
    "admin",
    "gongkai",
    "demo",
}
# Data inside interface text, removed before looking: the demo's user names, e-mail
# addresses, URLs and paths, host names, file names, 依申请公开 tracking codes, 统一社会信用代码, and
# content-type labels (app.model) that Wagtail's page types report prints as identifiers.
DATA_PATTERNS = (
    re.compile(r"\b[a-z]+-(editor|reviewer|office|final|hudong)\b"),
    re.compile(r"\S+@\S+\.\S+"),
    re.compile(r"(https?:)?//\S+"),
    re.compile(r"(?<![\w])/?[\w.-]+(/[\w.\[\]-]*)+"),
    re.compile(
        r"\b[\w-]+\.(pdf|docx?|xlsx?|png|jpe?g|gif|webp|ofd|wps|zip|csv|txt|html)\b",
        re.I,
    ),
    re.compile(r"\bGK(-[0-9A-Z]{4}){3}\b"),
    re.compile(r"\b[0-9A-Z]{18}\b"),
    re.compile(r"^[a-z]+\.[a-z]+$"),
    # host names: the sites table's hostname column and domains quoted in help texts
    re.compile(r"\blocalhost\b"),
    re.compile(r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|org|net|gov)\b"),
)
# Keys as printed on the keyboard (Wagtail's keyboard shortcuts dialog).
KEY_NAMES = {"Ctrl", "Alt", "Shift", "Esc", "Enter", "Tab", "Cmd", "Option"}


def is_english(text: str) -> bool:
    text = text.strip()
    if not LATIN_WORD.search(text):
        return False
    for pattern in DATA_PATTERNS:
        text = pattern.sub(" ", text)
    if all(word in KEY_NAMES or len(word) == 1 for word in re.findall(r"\w+", text)):
        return False  # a key combination such as "Ctrl + Shift + v"
    return any(word not in ALLOWED_WORDS for word in LATIN_WORD.findall(text))


def english_texts(page: Page) -> list[str]:
    """The English strings on the loaded page, each once, in document order."""
    texts: list[Any] = page.evaluate(COLLECT_TEXTS)
    seen: dict[str, None] = {}
    for text in texts:
        if is_english(text):
            seen.setdefault(" ".join(text.split()), None)
    return list(seen)
