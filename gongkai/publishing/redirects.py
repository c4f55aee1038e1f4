"""The redirect map: Wagtail's redirects (wagtail.contrib.redirects) as a file that
`gongkai serve` and nginx answer 301 from, without a database query per request.

`<publish root>/.redirects/<site folder>.map` holds one nginx `map` entry a line:
    "<site folder><old path>" "<new URL>";
docs/deploy/nginx.conf includes every such file in a `map $server_name$uri` block;
serving.py reads the same file. Any app may add redirects (the portal importer keeps
old URLs this way; editors add them in the admin under 设置 → 重定向): publishing only
reads Wagtail's table. Written on every full publish, after incremental refreshes and
when a redirect changes (once per transaction).
"""

import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote

from django.utils.encoding import iri_to_uri
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

REDIRECTS_DIR = ".redirects"
# What a key or value may hold in the file: nothing that nginx's config syntax would
# read (quotes, backslashes, ";", braces, "$" variables, whitespace, control characters).
UNSAFE = re.compile(r"[\"\\;{}$\s\x00-\x1f\x7f]")
LINE = re.compile(r'^"([^"]*)" "([^"]*)";$')


def map_file(root: Path, folder: str) -> Path:
    return Path(root) / REDIRECTS_DIR / f"{folder}.map"


def site_redirects(site: Site) -> dict[str, str]:
    """{old path: new URL} of the site's permanent redirects whose target is live."""
    root_path = site.root_page.url_path
    result: dict[str, str] = {}
    rows = (
        Redirect.get_for_site(site)
        .filter(is_permanent=True)
        .values_list("old_path", "redirect_link", "redirect_page_id")
    )
    page_ids = {page_id for _path, _link, page_id in rows if page_id}
    pages = dict(
        Page.objects.live()
        .public()
        .filter(pk__in=page_ids)
        .values_list("pk", "url_path")
    )
    for old_path, link, page_id in rows:
        if "?" in old_path or not old_path.startswith("/"):
            continue  # nginx's $uri has no query string
        if page_id:
            url_path = pages.get(page_id)
            if url_path is None or not url_path.startswith(root_path):
                continue  # not live, or in another site
            target = "/" + url_path[len(root_path) :]
        else:
            target = link
        if target:
            result[unquote(old_path)] = iri_to_uri(target)
    return result


def render_map(folder: str, redirects: dict[str, str]) -> str:
    lines = []
    for old_path in sorted(redirects):
        target = redirects[old_path]
        if UNSAFE.search(old_path) or UNSAFE.search(target):
            continue
        keys = (
            [old_path]
            if old_path == "/" or "." in old_path.rsplit("/", 1)[-1]
            else [old_path, old_path + "/"]
        )
        lines += [f'"{folder}{key}" "{target}";' for key in keys]
    return "".join(line + "\n" for line in lines)


def write_redirect_map(site: Site, root: Path, folder: str) -> Path:
    """Write the site's map by rename(2): a reader sees the old file or the new one."""
    target = map_file(root, folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(
        f".tmp-{target.name}.{os.getpid()}.{threading.get_ident()}"
    )
    temporary.write_text(render_map(folder, site_redirects(site)), encoding="utf-8")
    os.replace(temporary, target)
    return target


class RedirectMaps:
    """The map files as {key: URL}, re-read when a file changes (one stat per lookup)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._maps: dict[str, tuple[tuple[int, int], dict[str, str]]] = {}

    def lookup(self, folder: str, path: str) -> str | None:
        file = map_file(self.root, folder)
        try:
            status = file.stat()
        except OSError:
            return None
        stamp = (status.st_mtime_ns, status.st_ino)  # a rename gives a new inode
        cached = self._maps.get(folder)
        if cached is None or cached[0] != stamp:
            entries = {}
            for line in file.read_text(encoding="utf-8").splitlines():
                match = LINE.match(line)
                if match:
                    entries[match.group(1)] = match.group(2)
            cached = (stamp, entries)
            self._maps[folder] = cached
        return cached[1].get(folder + path)
