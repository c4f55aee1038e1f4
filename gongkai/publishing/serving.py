"""`gongkai serve`: the publish root and the dynamic services in one WSGI application.

What nginx does in production (docs/deploy/nginx.conf), for the demo: dynamic
prefixes go to Django; every other path is a file of the site's publish folder, or
the published 404 page. No public page request reaches the database.
"""

import mimetypes
import os
import re
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.utils.http import http_date, parse_etags, parse_http_date_safe
from wagtail.models import Site

from gongkai.core.http_headers import security_headers

from .conf import get_dynamic_prefixes, get_fallback_prefixes, get_publish_root
from .paths import UnsafePathError, decoded_path_to_file_path, has_prefix
from .redirects import RedirectMaps
from .services import get_site_folder
from .targets import NOT_FOUND

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
SITE_CACHE_SECONDS = 10  # host name -> folder, re-read this often


# A host name (RFC 1123 labels) or an IPv4/bracketed IPv6 address, optional port.
# Anything else ("/", "%", "..", a leading dot) is a malformed Host header: 400.
VALID_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$",
    re.IGNORECASE,
)


def is_valid_host(host: str) -> bool:
    """An absent Host (HTTP/1.0) is allowed and falls back to the default site."""
    return host == "" or VALID_HOST.match(host) is not None


def content_type_for(name: str) -> str:
    """The Content-Type of a published file; text is always UTF-8 (the publisher writes it
    so). Shared by `gongkai serve` and `gongkai archive` (the WARC records' headers)."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in (
        "application/javascript",
        "application/xml",
    ):
        content_type += "; charset=utf-8"
    return content_type


def contained_regular_file(folder: Path, relative: str) -> Path | None:
    """The regular file `folder/relative` if its real path lies inside the real path
    of `folder`; otherwise None. The site folder is itself a symlink to the live
    tree under .trees/, so both sides are resolved: a symlink planted inside the
    tree that points outside it (file or directory) resolves outside and is refused.
    A symlink to another file inside the tree is served (it cannot leak anything).
    """
    try:
        root = os.path.realpath(folder, strict=True)
        real = os.path.realpath(folder / relative, strict=True)
        mode = os.stat(real).st_mode
    except (OSError, ValueError):
        return None
    if (
        os.path.commonpath([root, real]) != root
        or real == root
        or not stat.S_ISREG(mode)
    ):
        return None
    return Path(real)


def accepts(accept_encoding: str, wanted: str) -> bool:
    """Whether an Accept-Encoding header allows the coding `wanted` (listed by name, or
    by * when not listed by name; q not 0)."""
    quality: dict[str, str] = {}
    for part in accept_encoding.lower().split(","):
        coding, _sep, params = part.strip().partition(";")
        name, _eq, q = params.strip().partition("=")
        quality.setdefault(coding.strip(), q.strip() if name.strip() == "q" else "1")
    value = quality.get(wanted, quality.get("*"))
    try:
        return value is not None and float(value) > 0
    except ValueError:
        return False


# Precompressed siblings, in the order they are preferred (publishing/compression.py
# writes them; nginx's gzip_static sends .gz the same way).
SIBLING_CODINGS = ((".br", "br"), (".gz", "gzip"))


def not_modified(environ: Environ, etag: str, mtime: int) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        # Weak comparison: W/"x" matches "x".
        return "*" in tags or etag in (tag.removeprefix("W/") for tag in tags)
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and mtime <= since


class PublishRootApp:
    def __init__(
        self, application: Callable[[Environ, StartResponse], Iterable[bytes]]
    ) -> None:
        self.application = application
        self._folders: dict[str, str] = {}
        self._default: str | None = None
        self._loaded_at = 0.0
        self._redirects: RedirectMaps | None = None

    def __call__(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        if not is_valid_host(environ.get("HTTP_HOST", "")):
            start_response(
                "400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")]
            )
            return ["请求的主机名无效".encode()]
        path = (
            environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        )
        if has_prefix(path, get_dynamic_prefixes()) or path.rstrip("/") in {
            p.rstrip("/") for p in get_dynamic_prefixes()
        }:
            return self.application(environ, start_response)
        folder_name = self._folder_for(environ.get("HTTP_HOST", ""))
        folder = get_publish_root() / folder_name
        file = self._find(folder, path)
        if file is not None:
            if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
                start_response(
                    "405 Method Not Allowed",
                    [
                        ("Allow", "GET, HEAD"),
                        ("Content-Type", "text/plain; charset=utf-8"),
                        *self._headers(environ, path),
                    ],
                )
                return ["静态页面只接受 GET 和 HEAD 请求".encode()]
            return self._send(environ, start_response, file, "200 OK", path)
        if has_prefix(path, get_fallback_prefixes()):
            return self.application(environ, start_response)
        if not path.endswith("/") and self._find(folder, path + "/") is not None:
            start_response(
                "301 Moved Permanently",
                [("Location", environ.get("SCRIPT_NAME", "") + path + "/")],
            )
            return [b""]
        moved = self._moved(folder_name, path)
        if moved is not None:
            # An old address (an imported portal's, or one an editor added): 301 to
            # where the page lives now, from the map publishing writes (redirects.py).
            start_response(
                "301 Moved Permanently",
                [
                    ("Location", moved),
                    ("Content-Type", "text/plain; charset=utf-8"),
                    *self._headers(environ, path),
                ],
            )
            return [b""]
        not_found = self._find(folder, NOT_FOUND)
        if not_found is not None:
            return self._send(environ, start_response, not_found, "404 Not Found", path)
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return ["页面不存在".encode()]

    def _moved(self, folder_name: str, path: str) -> str | None:
        if self._redirects is None or self._redirects.root != get_publish_root():
            self._redirects = RedirectMaps(get_publish_root())
        return self._redirects.lookup(folder_name, path)

    def _find(self, folder: Path, path: str) -> Path | None:
        try:
            relative = decoded_path_to_file_path(
                path
            )  # PATH_INFO: decoded once already
        except UnsafePathError:
            return None
        return contained_regular_file(folder, relative)

    @staticmethod
    def _headers(environ: Environ, path: str) -> list[tuple[str, str]]:
        return security_headers(path, https=environ.get("wsgi.url_scheme") == "https")

    def _send(
        self,
        environ: Environ,
        start_response: StartResponse,
        file: Path,
        status: str,
        path: str,
    ) -> Iterable[bytes]:
        # Written here rather than with django.views.static.serve: that view needs a
        # request object and the database-free path, and knows no .gz siblings.
        headers = [("Content-Type", content_type_for(file.name))]
        # A precompressed sibling (page.html.br, page.html.gz) is sent to clients that
        # accept its coding, brotli first, as nginx's gzip_static does for .gz; its real
        # path must lie in the same folder.
        accept_encoding = environ.get("HTTP_ACCEPT_ENCODING", "")
        chosen = None
        for suffix, coding in SIBLING_CODINGS:
            sibling = contained_regular_file(file.parent, file.name + suffix)
            if sibling is None:
                continue
            if not any(name == "Vary" for name, _value in headers):
                headers.append(("Vary", "Accept-Encoding"))
            if chosen is None and accepts(accept_encoding, coding):
                chosen = (sibling, coding)
        if chosen is not None:
            file = chosen[0]
            headers.append(("Content-Encoding", chosen[1]))
        handle = open(file, "rb")  # noqa: SIM115 - closed by the WSGI server via the file wrapper
        info = os.fstat(handle.fileno())
        etag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
        headers += [("ETag", etag), ("Last-Modified", http_date(info.st_mtime))]
        if status.startswith("200") and not_modified(environ, etag, int(info.st_mtime)):
            handle.close()
            start_response(
                "304 Not Modified", [*headers[1:], *self._headers(environ, path)]
            )
            return [b""]
        start_response(
            status,
            [
                *headers,
                ("Content-Length", str(info.st_size)),
                *self._headers(environ, path),
            ],
        )
        if environ.get("REQUEST_METHOD") == "HEAD":
            handle.close()
            return [b""]
        wrapper = environ.get("wsgi.file_wrapper")
        return (
            wrapper(handle, 65536) if wrapper else iter(lambda: handle.read(65536), b"")
        )

    def _folder_for(self, host: str) -> str:
        if time.monotonic() - self._loaded_at > SITE_CACHE_SECONDS:
            sites = list(Site.objects.all())
            self._folders = {site.hostname: get_site_folder(site) for site in sites}
            default = next((site for site in sites if site.is_default_site), None)
            self._default = get_site_folder(default) if default else None
            self._loaded_at = time.monotonic()
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return self._folders.get(hostname) or self._default or "_"
