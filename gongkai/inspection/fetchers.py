"""The external-link fetcher (off by default; `gongkai inspect --external`). Pluggable: the
service takes any callable url -> Chinese reason or None. urllib suffices for a HEAD/GET."""

import urllib.error
import urllib.request
from time import monotonic
from urllib.parse import urlsplit

from .crawl import Fetched

TIMEOUT_SECONDS = 15  # the indicators count a page slower than 15 s as unreachable


def check_url(url: str, timeout: float = TIMEOUT_SECONDS) -> str | None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return None  # file:, ftp: … are never fetched
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        headers = {"User-Agent": "gongkai-inspect"}
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 -- http(s) only, checked above
                if response.status < 400:
                    return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (405, 501):
                continue
            return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return f"无法访问（{getattr(exc, 'reason', exc)}）"
    return None


MAX_BODY = 2 * 1024 * 1024  # enough for any page; a larger body is cut, not refused


def fetch_page(url: str, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """GET one page of the live site for the crawl (crawl.Fetcher)."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return Fetched(None, 0.0, error="不支持的地址")
    request = urllib.request.Request(url, headers={"User-Agent": "gongkai-inspect"})  # noqa: S310
    started = monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 -- http(s) only, checked above
            body = response.read(MAX_BODY)
            charset = response.headers.get_content_charset() or "utf-8"
            return Fetched(
                response.status,
                monotonic() - started,
                body.decode(charset, errors="replace"),
            )
    except urllib.error.HTTPError as exc:
        return Fetched(exc.code, monotonic() - started)
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        timed_out = isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError)
        return Fetched(
            None,
            monotonic() - started,
            error=f"无法访问（{reason}）",
            timed_out=timed_out,
        )
