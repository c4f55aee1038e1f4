"""Live crawl of the running site: unreachable pages, pages slower than the limit (15 s by
default), mixed content (http:// resources on an https page). The fetcher is pluggable
(fetchers.fetch_page in production, tests pass a local HTTP server's address or a stub);
no ORM here. The pages to fetch come from the published tree (file paths)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from gongkai.publishing.paths import INDEX_FILE, file_to_url_path

from .links import parse_html
from .rules import Finding, Severity

DEFAULT_LIMIT = 500  # pages per crawl: the home page and the shallowest pages first


@dataclass(frozen=True)
class Fetched:
    status: int | None  # None: no answer at all (refused, timed out, DNS …)
    seconds: float
    body: str = ""
    error: str = ""  # Chinese reason when status is None
    timed_out: bool = False


Fetcher = Callable[[str, float], Fetched]  # (url, timeout seconds) -> Fetched


def pages_to_crawl(files: Iterable[str], limit: int = DEFAULT_LIMIT) -> list[str]:
    """HTML files, home page first, then by depth and name, at most `limit`."""
    html = [path for path in files if path.endswith(".html")]
    html.sort(key=lambda path: (path != INDEX_FILE, path.count("/"), path))
    return html[:limit]


def mixed_content(page_url: str, html: str) -> list[str]:
    """Resources an https page loads over plain http (browsers block or flag them)."""
    if urlsplit(page_url).scheme != "https":
        return []
    page = parse_html(html)
    return [
        resource
        for resource in page.resources
        if urlsplit(urljoin(page_url, resource)).scheme == "http"
    ]


def crawl(
    base_url: str,
    files: Iterable[str],
    fetcher: Fetcher,
    *,
    slow_seconds: float,
    owners: dict[str, int | None] | None = None,
) -> list[Finding]:
    owners = owners or {}
    findings: list[Finding] = []
    for path in files:
        url_path = file_to_url_path(path)
        url = urljoin(base_url, url_path)
        fetched = fetcher(url, slow_seconds)
        page_id = owners.get(path)
        is_home = path == INDEX_FILE
        if fetched.status is None and fetched.timed_out:
            findings.append(
                Finding(
                    "slow_page",
                    Severity.DEDUCT,
                    f"页面打开过慢：{url_path} 超过 {slow_seconds:g} 秒未打开。",
                    page_id,
                    url_path,
                )
            )
        elif fetched.status is None or fetched.status >= 400:
            reason = fetched.error or f"HTTP {fetched.status}"
            # One failed visit of the home page is not the 站点无法访问 veto, which is
            # measured over a week of visits (probes.py); here it is a page that failed.
            label = "页面无法访问：首页" if is_home else "页面无法访问："
            findings.append(
                Finding(
                    "unreachable_page",
                    Severity.DEDUCT,
                    f"{label}{url_path}（{reason}）。",
                    page_id,
                    url_path,
                )
            )
            continue
        elif fetched.seconds > slow_seconds:
            findings.append(
                Finding(
                    "slow_page",
                    Severity.DEDUCT,
                    f"页面打开过慢：{url_path} 用时 {fetched.seconds:.1f} 秒（限 {slow_seconds:g} 秒）。",
                    page_id,
                    url_path,
                )
            )
        for resource in mixed_content(url, fetched.body)[:5]:
            findings.append(
                Finding(
                    "mixed_content",
                    Severity.DEDUCT,
                    f"混合内容：https 页面 {url_path} 以 http 加载 {resource}。",
                    page_id,
                    url_path,
                )
            )
    return findings
