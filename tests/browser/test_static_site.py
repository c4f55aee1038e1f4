"""The demo site served from static files (`gongkai serve`) in a real browser:
published pages, path pagination, the visit counter beside the files, accessibility,
and an editor's publish showing on the public pages at once."""

import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from playwright.sync_api import Browser, Page, expect
from wagtail.models import Site

from gongkai.catalog.models import ArticlePage
from gongkai.publishing.services import get_site_tree, publish_site
from gongkai.publishing.serving import PublishRootApp

from .demo_site import DemoPages
from .test_public_pages import DESKTOP_CHROME_UA, WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser
PORTS = range(18160, 18200)  # this feature's range on the shared machine


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def start_server(application: Any) -> Any:
    for port in PORTS:
        try:
            return make_server(
                "127.0.0.1", port, application, ThreadingServer, QuietHandler
            )
        except OSError:
            continue
    raise RuntimeError("no free port in 18160-18199")


def in_thread(function: Any) -> Any:
    """Run ORM work off the main thread: Playwright's loop runs there (SynchronousOnlyOperation)."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


@pytest.fixture(scope="module")
def static_base(demo_pages: DemoPages, django_db_blocker: Any) -> Iterator[str]:
    """The demo site published to a temporary root and served as `gongkai serve` does."""
    root = tempfile.mkdtemp(prefix="gk-static-browser-")
    overrides = override_settings(GONGKAI_PUBLISH_ROOT=root)
    overrides.enable()
    with django_db_blocker.unblock():
        report = in_thread(
            lambda: publish_site(site=Site.objects.get(is_default_site=True))
        )
    assert report.failures == []
    server = start_server(PublishRootApp(get_wsgi_application()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    overrides.disable()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def static_page(static_base: str, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(base_url=static_base, user_agent=DESKTOP_CHROME_UA)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, errors


def test_item_page_is_a_file_and_shows_the_visit_count(
    static_page: Page, demo_pages: DemoPages, django_db_blocker: Any
) -> None:
    """The seed page comes from the publish root; 访问次数 is filled by /api/hits/."""
    with django_db_blocker.unblock():
        tree = in_thread(lambda: get_site_tree(Site.objects.get(is_default_site=True)))
    assert (tree / demo_pages.seed.path.lstrip("/") / "index.html").is_file()
    static_page.goto(demo_pages.seed.path)
    expect(static_page.locator("h1")).to_contain_text(demo_pages.seed.title[:10])
    expect(static_page.locator("[data-hits-page]")).to_have_text(re.compile(r"^\d+$"))


def test_pagination_follows_path_urls_and_pages_pass_axe(
    static_page: Page, demo_pages: DemoPages
) -> None:
    """下一页 (older items) leads from the front page to a numbered page <column>/page/N/,
    a published file labelled 第 2 页 (labels count from the newest, whatever N is);
    尾页 leads to page 1, labelled with the last number; the pages pass axe."""
    static_page.goto("/zwgk/")
    static_page.get_by_role("link", name="下一页").click()
    expect(static_page).to_have_url(re.compile(r"/zwgk/page/\d+/$"))
    number = re.search(r"/page/(\d+)/$", static_page.url).group(1)  # type: ignore[union-attr]
    expect(static_page.locator(".pagination > p")).to_contain_text("第 2 页，共")
    total = re.search(
        r"共 (\d+) 页", static_page.locator(".pagination > p").inner_text()
    ).group(1)  # type: ignore[union-attr]
    static_page.goto("/zwgk/")
    static_page.get_by_role("link", name="尾页").click()
    expect(static_page).to_have_url(re.compile(r"/zwgk/page/1/$"))
    expect(static_page.locator(".pagination > p")).to_contain_text(
        f"第 {total} 页，共 {total} 页"
    )
    for path in (f"/zwgk/page/{number}/", demo_pages.home.path):
        static_page.goto(path)
        violations = Axe().run(static_page, options=WCAG_21_AA).response["violations"]
        assert violations == [], describe_violations(violations)


def test_a_published_edit_shows_on_item_column_and_home(
    static_page: Page, demo_pages: DemoPages, django_db_blocker: Any
) -> None:
    """Publishing a new title rewrites the item, its column's list and the home page."""

    def rename(title: str | None = None) -> tuple[int, str, list[str]]:
        item = ArticlePage.objects.live().order_by("-published_at", "-pk").first()
        original = item.title
        item.title = title or item.title
        item.save_revision().publish()
        return item.pk, original, [item.url, item.get_parent().url, "/"]

    def restore(pk: int, title: str) -> None:
        item = ArticlePage.objects.get(pk=pk)
        item.title = title
        item.save_revision().publish()

    with django_db_blocker.unblock():
        pk, original, paths = in_thread(lambda: rename("静态发布验证标题"))
    try:
        for path in paths:
            static_page.goto(path)
            expect(static_page.locator("main")).to_contain_text("静态发布验证标题")
    finally:
        with django_db_blocker.unblock():
            in_thread(lambda: restore(pk, original))


def test_elder_toolbar_works_on_the_published_files(
    static_page: Page, demo_pages: DemoPages, django_db_blocker: Any
) -> None:
    """The 无障碍 toolbar needs only published static files: the cursor images the
    stylesheet names are published beside it, and the modes work and are remembered."""
    with django_db_blocker.unblock():
        tree = in_thread(lambda: get_site_tree(Site.objects.get(is_default_site=True)))
    for image in (
        "cursor-arrow.svg",
        "cursor-arrow.png",
        "cursor-hand.svg",
        "cursor-hand.png",
    ):
        assert (tree / "static/gongkai/img" / image).is_file(), image
    static_page.goto(demo_pages.seed.path)
    tools = static_page.get_by_role("group", name="长者模式和无障碍")
    for name in ("特大字", "特大鼠标", "简约版"):
        tools.get_by_role("button", name=name).click()
    static_page.goto(demo_pages.column.path)
    html = static_page.locator("html")
    for mode in ("xlarge", "cursor", "simple"):
        expect(html).to_have_attribute(f"data-elder-{mode}", "on")
    cursor = static_page.locator("body").evaluate("el => getComputedStyle(el).cursor")
    assert "cursor-arrow.svg" in cursor
    assert static_page.request.get("/static/gongkai/img/cursor-arrow.svg").ok
    violations = Axe().run(static_page, options=WCAG_21_AA).response["violations"]
    assert violations == [], describe_violations(violations)


def test_annual_report_downloads_are_published_files_linked_from_the_page(
    static_page: Page, django_db_blocker: Any
) -> None:
    """Issue #16 item 2: on the published site the report page's DOCX and XLSX links
    download the files written beside the page (no 404), as an anonymous visitor."""
    from io import BytesIO

    import docx
    import openpyxl

    from gongkai.reports.models import AnnualReportPage

    def find() -> tuple[str, str, Any]:
        site = Site.objects.get(is_default_site=True)
        page = AnnualReportPage.objects.live().order_by("-year").first()
        assert page is not None
        path = page.relative_url(site)
        return path, page.report_title, get_site_tree(site) / path.strip("/")

    with django_db_blocker.unblock():
        path, title, folder = in_thread(find)
    static_page.goto(path)
    expect(static_page.locator("h1")).to_contain_text(title[:10])
    for label, extension in (
        ("下载Word版（DOCX）", "docx"),
        ("下载表格（XLSX）", "xlsx"),
    ):
        link = static_page.get_by_role("link", name=label)
        href = link.get_attribute("href") or ""
        assert href.startswith(path) and href.endswith(f".{extension}"), href
        assert (folder / href.rsplit("/", 1)[-1]).is_file()  # a published file
        with static_page.expect_download() as download_info:
            link.click()
        content = download_info.value.path().read_bytes()
        if extension == "docx":
            document = docx.Document(BytesIO(content))
            assert document.paragraphs[0].text.replace("\n", "") == title
        else:
            workbook = openpyxl.load_workbook(BytesIO(content))
            assert workbook.sheetnames == ["表二", "表三", "表四"]
