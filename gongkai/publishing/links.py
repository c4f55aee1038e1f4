"""Publish-time link check: every internal link of a published page must resolve to a
published file or a URL the application serves. Pure rules except `is_served_document`."""

import posixpath
import re
from collections.abc import Callable
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

from .conf import get_dynamic_prefixes
from .paths import has_prefix, url_to_file_path

# href/src of elements and the action of forms; srcset is not used by the templates.
LINK = re.compile(rb"""\s(?:href|src|action)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
SKIPPED_SCHEMES = ("mailto", "tel", "javascript", "data")


def resolve_site_link(
    base_url_path: str, link: str, hostnames: tuple[str, ...]
) -> tuple[str, str] | None:
    """(url path, fragment) of a link of the page at `base_url_path` to this site, or
    None when it points elsewhere (another host, mailto:, javascript: …).

    Joined as a browser would ("./", "../", and ".." above the root stays at "/"). The
    one resolver for the publish-time check and the self-inspection's dead links."""
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES:
        return None
    if (scheme or parts.netloc) and (
        scheme not in ("http", "https", "") or parts.hostname not in hostnames
    ):
        return None
    joined = urlsplit(
        urljoin(
            "http://site" + base_url_path, parts._replace(scheme="", netloc="").geturl()
        )
    )
    path = joined.path or "/"
    normal = posixpath.normpath(path)
    if path.endswith("/") and normal != "/":
        normal += "/"
    return normal, unquote(joined.fragment)


def find_internal_links(html: bytes, page_url_path: str, root_url: str) -> set[str]:
    """The URL paths (no query or fragment) of the site's own pages and files a page links."""
    hostnames = (urlsplit(root_url).hostname or "",)
    links = set()
    for double, single in LINK.findall(html):
        raw = unescape((double or single).decode("utf-8", "replace")).strip()
        if not raw or raw.startswith("#") or not urlsplit(raw).path:
            continue  # "?page=2" or "#top": the page itself
        resolved = resolve_site_link(page_url_path, raw, hostnames)
        if resolved is not None:
            links.add(resolved[0])
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
