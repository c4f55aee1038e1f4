"""The search page and the catalog table in a real browser: accessibility (axe-core,
WCAG 2.1 AA), phones at 375 px, the header search box, advanced search and the
catalog's filters and download."""

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from .demo_site import DemoPages
from .test_public_pages import PHONE, WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser

PAGE_NAMES = ["results", "advanced", "empty", "landing", "catalog", "catalog-dynamic"]


def _index_demo() -> tuple[str, int]:
    from django.db import connection

    from gongkai.columns.models import ColumnPage
    from gongkai.core.enums import ColumnListMode
    from gongkai.search.indexing import rebuild_index

    try:
        rebuild_index()
        column = ColumnPage.objects.get(slug="fdzdgknr")
        assert column.list_mode == ColumnListMode.CATALOG
        return column.url, column.pk
    finally:
        connection.close()


@pytest.fixture(scope="module")
def search_paths(demo_pages: DemoPages, django_db_blocker: Any) -> dict[str, str]:
    """Index the demo (as `gongkai search rebuild` does) and name the pages under test;
    the demo sets its 法定主动公开内容 column to catalog mode.

    The ORM runs on a worker thread: Playwright's loop already runs on the main one.
    """
    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        catalog_path, catalog_id = pool.submit(_index_demo).result()
    return {
        "results": "/search/?q=全体会议",
        # Reversed dates: the advanced panel opens with its error message.
        "advanced": "/search/?q=会议&date_from=2024-01-01&date_to=2023-01-01",
        "empty": "/search/?q=火星探测器发射计划",
        "landing": "/search/",
        "catalog": catalog_path,
        "catalog-dynamic": f"/search/catalog/{catalog_id}/?page=2&sort=oldest",
    }


def assert_no_axe_violations(page: Page, name: str) -> None:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    if violations:
        pytest.fail(
            f"axe-core: {len(violations)} WCAG 2.1 AA violation(s) on the {name} page "
            f"{page.url}\n{describe_violations(violations)}"
        )


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_search_page_has_no_wcag_21_aa_violations(
    page: Page, search_paths: dict[str, str], name: str
) -> None:
    """axe-core finds no WCAG 2.1 A or AA violation on any search or catalog page."""
    page.goto(search_paths[name])
    if name == "advanced":
        expect(page.locator("details.advanced-search")).to_have_attribute("open", "")
        expect(page.get_by_role("alert")).to_contain_text("结束日期早于起始日期")
    assert_no_axe_violations(page, name)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_search_page_fits_a_phone_screen(
    new_context: Callable[..., BrowserContext], search_paths: dict[str, str], name: str
) -> None:
    """On a 375 px wide phone nothing scrolls sideways."""
    page = new_context(**PHONE).new_page()
    page.goto(search_paths[name])
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width == 375
    assert scroll_width <= client_width, (
        f"{page.url} is {scroll_width} px wide on a phone"
    )


def test_header_search_box_finds_the_seed_page(
    page: Page, demo_pages: DemoPages, search_paths: dict[str, str]
) -> None:
    """From any public page, the header box searches and finds the seed article."""
    page.goto(demo_pages.seed.path)
    box = page.get_by_role("search", name="全站检索")
    box.get_by_role("searchbox", name="检索词").fill("全体会议")
    box.get_by_role("button", name="搜索").click()
    expect(page).to_have_url(
        re.compile(r"/search/\?q=%E5%85%A8%E4%BD%93%E4%BC%9A%E8%AE%AE$")
    )
    # Ranking is the engine's (its relevance tests); here: the seed is on the first page,
    # highlighted.
    seed = page.locator(
        "ol.hits > li", has=page.get_by_role("link", name=demo_pages.seed.title)
    )
    expect(seed.locator("h2 mark").first).to_have_text("全体会议")


def test_advanced_search_searches_titles_only(
    page: Page, search_paths: dict[str, str]
) -> None:
    page.goto("/search/?q=会议")
    form = page.get_by_role("search", name="检索信息")
    form.locator("summary", has_text="高级检索").click()
    form.get_by_label("仅检索标题").check()
    form.get_by_role("button", name="高级检索").click()
    expect(page).to_have_url(re.compile(r"title_only=1"))
    expect(page.get_by_label("仅检索标题")).to_be_checked()
    titles = page.locator("ol.hits h2 a").all_inner_texts()
    assert titles and all("会议" in title for title in titles)


def test_catalog_filters_by_facet_and_downloads(
    page: Page, search_paths: dict[str, str]
) -> None:
    """A facet link narrows the table (on the dynamic view); the CSV matches it."""
    page.goto(search_paths["catalog"])
    table = page.locator("table.catalog-table")
    expect(table.locator("thead th")).to_have_text(
        ["索引号", "名称", "文号", "发布机构", "发布日期", "有效性"]
    )
    year_facet = page.locator(
        "section.facet", has=page.get_by_role("heading", name="年份")
    )
    first_year = year_facet.get_by_role("link").first
    label = first_year.inner_text()
    year, count = re.match(r"(\d{4}) \((\d+)\)", label).groups()
    first_year.click()
    expect(page).to_have_url(re.compile(rf"/search/catalog/\d+/\?year={year}$"))
    expect(page.locator(".results-count")).to_contain_text(f"共 {count} 条信息")
    dates = table.locator('td[data-label="发布日期"]').all_inner_texts()
    assert dates and all(d.startswith(year) for d in dates)

    csv_link = page.get_by_role("link", name="CSV 表格")
    response = page.request.get(csv_link.get_attribute("href"))
    assert response.ok
    lines = response.body().decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("索引号,名称,文号")
    assert len(lines) - 1 == int(count)


def first_hit_title(page: Page) -> str:
    return page.locator("ol.hits > li h2 a").first.inner_text()


def test_done_when_queries_from_the_public_page(
    page: Page, demo_pages: DemoPages, search_paths: dict[str, str]
) -> None:
    """The issue's six demo queries, typed into the public search page."""
    seed = demo_pages.seed.title
    for text in ("八八战略", "bada zhanlue"):
        page.goto(f"/search/?q={text}")
        assert first_hit_title(page) == seed, text
    page.goto("/search/?q=全体会议")
    expect(page.get_by_role("link", name=seed)).to_be_visible()
    page.goto("/search/?q=正府信息公开")
    expect(page.locator(".did-you-mean")).to_contain_text("您是不是要找：政府信息公开")
    assert "政府信息公开" in first_hit_title(page)
    page.goto("/search/?q=社保")
    expect(page.locator(".expanded-terms")).to_contain_text("社会保险")
    assert "社会保险" in first_hit_title(page)
    page.goto("/search/?q=330703000000/2023-153702")
    expect(page).to_have_url(demo_pages.url(demo_pages.seed))
    expect(page.locator("h1")).to_have_text(seed)
