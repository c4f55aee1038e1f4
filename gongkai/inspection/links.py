"""Links and anchors of published HTML files, and which of them lead nowhere.

Pure rule: no ORM, no clock, no network. The standard library's HTMLParser is enough to
collect href/src/id (no new dependency for a tolerant tag scanner).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from gongkai.publishing.links import resolve_site_link
from gongkai.publishing.paths import (
    UnsafePathError,
    file_to_url_path,
    has_prefix,
    url_to_file_path,
)

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "source": "src",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []  # loaded by the page itself (img, script, css …)
        self.anchors: set[str] = set()
        self.text: list[str] = []
        self._skip_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        wanted = LINK_ATTRIBUTES.get(tag)
        preconnect = tag == "link" and "preconnect" in (values.get("rel") or "")
        if wanted and values.get(wanted) and not preconnect:
            self.links.append(values[wanted].strip())  # type: ignore[union-attr]
            if tag != "a":
                self.resources.append(self.links[-1])
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.anchors.add(values[name])  # type: ignore[arg-type]
        if tag in ("script", "style"):
            self._skip_text += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip_text:
            self._skip_text -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip_text:
            self.text.append(data)


@dataclass
class ParsedPage:
    links: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    text: str = ""
    resources: list[str] = field(default_factory=list)


def parse_html(html: str) -> ParsedPage:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return ParsedPage(
        collector.links,
        collector.anchors,
        "".join(collector.text),
        collector.resources,
    )


@dataclass(frozen=True)
class DeadLink:
    source: str  # file path of the page holding the link
    target: str  # the link as written
    reason: str  # Chinese


def resolve_internal(
    source_file: str, link: str, hostnames: tuple[str, ...]
) -> tuple[str, str] | None:
    """(url path, fragment) of an internal link, or None for external/skipped links."""
    return resolve_site_link(file_to_url_path(source_file), link, hostnames)


def is_external(link: str, hostnames: tuple[str, ...]) -> bool:
    parts = urlsplit(link)
    return parts.scheme.lower() in ("http", "https") and parts.hostname not in hostnames


def check_internal(
    source: str,
    link: str,
    files: set[str],
    *,
    hostnames: tuple[str, ...],
    dynamic_prefixes: tuple[str, ...],
    anchors_by_file: dict[str, set[str]],
) -> str | None:
    """Why an internal link leads nowhere (Chinese), or None when it is fine or not internal."""
    resolved = resolve_internal(source, link, hostnames)
    if resolved is None:
        return None
    path, fragment = resolved
    if has_prefix(path, dynamic_prefixes) or path.rstrip("/") + "/" in dynamic_prefixes:
        return None  # answered by the application, not a file
    try:
        target = url_to_file_path(path)
    except UnsafePathError:
        return "链接地址不合法"
    if target not in files:
        return "目标文件不存在"
    if (
        fragment
        and target.endswith(".html")
        and fragment not in anchors_by_file.get(target, set())
    ):
        return f"页面内没有锚点“{fragment}”"
    return None


def find_dead_links(
    pages: Iterable[tuple[str, ParsedPage]],
    files: set[str],
    *,
    hostnames: tuple[str, ...],
    dynamic_prefixes: tuple[str, ...],
    anchors_by_file: dict[str, set[str]],
    external_check: Callable[[str], str | None] | None = None,
) -> list[DeadLink]:
    """Links to files missing from the tree, to anchors missing from their page and (when
    `external_check` is given: it returns a Chinese reason or None) broken external links."""
    dead: list[DeadLink] = []
    checked_external: dict[str, str | None] = {}
    for source, page in pages:
        for link in page.links:
            if external_check is not None and is_external(link, hostnames):
                if link not in checked_external:
                    checked_external[link] = external_check(link)
                reason = checked_external[link]
            else:
                reason = check_internal(
                    source,
                    link,
                    files,
                    hostnames=hostnames,
                    dynamic_prefixes=dynamic_prefixes,
                    anchors_by_file=anchors_by_file,
                )
            if reason:
                dead.append(DeadLink(source, link, reason))
    return dead
