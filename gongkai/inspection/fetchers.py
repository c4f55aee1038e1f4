"""The external-link fetcher (off by default; `gongkai inspect --external`). Pluggable: the
service takes any callable url -> Chinese reason or None. urllib suffices for a HEAD/GET."""

import urllib.error
import urllib.request
from urllib.parse import urlsplit

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
