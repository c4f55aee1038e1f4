"""Visit the Wagtail admin as one user and collect its English interface text.

The URLs are the ones the user's own sidebar offers (every menu and submenu item, so
the project's own admin views and each report come in without a list to keep) plus
the views no menu links directly (page editors, add forms, one object of each listing),
given by the test. Used by test_admin_chinese.py; runnable by hand against a demo server:
    python -m tests.browser.admin_crawl http://127.0.0.1:8000 USER PASSWORD [URL ...]
"""

import re
import sys
from dataclasses import dataclass, field
from urllib.parse import urljoin

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from .admin_text import english_texts

# Menu entries that leave the admin's HTML pages (downloads, the public site).
SKIP = re.compile(r"/logout/|[?&](export|format)=|\.(csv|xlsx|docx|pdf|zip)$")

SIDEBAR_URLS = """() => {
  const urls = [];
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "url" && typeof x === "string") urls.push(new URL(x, location.href).href);
        else walk(x);
      }
    }
  };
  const el = document.querySelector("#wagtail-sidebar-props");
  if (el) walk(JSON.parse(el.textContent));
  return urls;
}"""


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    english: dict[str, list[str]] = field(default_factory=dict)  # text -> urls
    errors: dict[str, int | str] = field(default_factory=dict)


def log_in(context: BrowserContext, username: str, password: str) -> Page:
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


def crawl(page: Page, base_url: str, extra: list[str]) -> CrawlResult:
    """The dashboard, then every sidebar URL, then `extra`; each once."""
    result = CrawlResult()
    page.goto(urljoin(base_url, "/admin/"))
    menu = [
        url
        for url in page.evaluate(SIDEBAR_URLS)
        if url.startswith(f"{base_url}/admin/")
    ]
    queue = [
        urljoin(base_url, "/admin/"),
        *menu,
        *(urljoin(base_url, url) for url in extra),
    ]
    for url in dict.fromkeys(queue):
        if SKIP.search(url):
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download, or a view that never loads
            result.errors[url] = str(error).splitlines()[0]
            continue
        status = response.status if response else 0
        if status != 200:
            result.errors[url] = status
            continue
        result.visited.append(url)
        for text in english_texts(page):
            result.english.setdefault(text, []).append(url)
    return result


def main() -> None:  # pragma: no cover -- a developer's tool
    from playwright.sync_api import sync_playwright

    from .conftest import CHROMIUM, CHROMIUM_ARGS

    base_url, username, password, *extra = sys.argv[1:]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = log_in(browser.new_context(base_url=base_url), username, password)
        result = crawl(page, base_url, extra)
        for text, urls in sorted(result.english.items()):
            sys.stdout.write(f"{text!r}\t{urls[0]}\n")
        sys.stderr.write(f"visited {len(result.visited)}, errors {result.errors}\n")
        browser.close()


if __name__ == "__main__":  # pragma: no cover
    main()
