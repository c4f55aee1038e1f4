"""Publish-time link check: every internal link of a published page must resolve to a
published file or a URL the application serves. Pure rules except `is_served_document`."""

import re
from collections.abc import Callable
from html import unescape
from urllib.parse import urlsplit

from .conf import get_dynamic_prefixes
from .paths import has_prefix, url_to_file_path

# href/src of elements and the action of forms; srcset is not used by the templates.
LINK = re.compile(rb"""\s(?:href|src|action)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


def find_internal_links(html: bytes, page_url_path: str, root_url: str) -> set[str]:
    """The URL paths (no query or fragment) of the site's own pages and files a page links."""
    own = urlsplit(root_url)
    links = set()
    for double, single in LINK.findall(html):
        raw = unescape((double or single).decode("utf-8", "replace")).strip()
        if not raw or raw.lower().startswith(IGNORED_SCHEMES):
            continue
        parts = urlsplit(raw)
        if (parts.scheme or parts.netloc) and parts.netloc != own.netloc:
            continue  # another site: not ours to check
        path = parts.path
        if not path:
            continue  # "?page=2" or "#top": the page itself
        if not path.startswith("/"):
            # The templates write root-relative links; a relative one is resolved
            # against the page's folder as a browser would.
            base = (
                page_url_path
                if page_url_path.endswith("/")
                else page_url_path.rsplit("/", 1)[0] + "/"
            )
            path = base + path
        links.add(path)
    return links


def find_broken_links(
    links: set[str], published: set[str], is_served_document: Callable[[str], bool]
) -> list[str]:
    """Links that resolve neither to a published file (`published`: file paths relative
    to the site folder) nor to a dynamic prefix nor to an attachment the application
    serves (private collections)."""
    broken = []
    dynamic = get_dynamic_prefixes()
    for link in sorted(links):
        if has_prefix(link, dynamic) or link.rstrip("/") + "/" in dynamic:
            continue
        try:
            file_path = url_to_file_path(link)
        except ValueError:
            broken.append(link)
            continue
        if file_path in published:
            continue
        if not link.endswith("/") and f"{file_path}/index.html" in published:
            continue  # "/x" is redirected to "/x/" by nginx and gongkai serve
        if link.startswith("/documents/") and is_served_document(link):
            continue
        broken.append(link)
    return broken
