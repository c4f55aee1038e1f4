"""The portal frame of issue #16 in a real browser, on a desktop (1366 px) and a phone
(375 px): emblem, footer marks and links, 网站地图, the column tree, 打印/关闭 and
上一篇/下一篇, each page without WCAG 2.1 AA violations and without sideways scrolling."""

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from .demo_site import DemoPages
from .test_public_pages import PHONE, WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser

SITE_MAP = "/wzdt/"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": PHONE,
}


def open_tab(new_context: Callable[..., BrowserContext], viewport: str) -> Page:
    return new_context(**VIEWPORTS[viewport]).new_page()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", ["seed", "column", "site_map"])
def test_frame_pages_pass_axe_and_fit_the_screen(
    new_context: Callable[..., BrowserContext],
    demo_pages: DemoPages,
    viewport: str,
    name: str,
) -> None:
    tab = open_tab(new_context, viewport)
    tab.goto(SITE_MAP if name == "site_map" else demo_pages.by_name(name).path)
    footer = tab.locator("footer.site-footer")
    expect(tab.locator("header .site-logo")).to_be_visible()
    for link in ("网站地图", "联系我们", "我为政府网站找错"):
        expect(footer.get_by_role("link", name=link)).to_be_visible()
    expect(footer.get_by_role("img", name="党政机关网站标识")).to_be_visible()
    expect(footer).to_contain_text("网站标识码：3307030001")
    expect(footer.locator("a.police-record img")).to_be_visible()
    violations = Axe().run(tab, options=WCAG_21_AA).response["violations"]
    assert violations == [], describe_violations(violations)
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px sideways scroll"


def test_site_map_lists_the_columns_and_leads_to_them(
    page: Page, demo_pages: DemoPages
) -> None:
    page.goto(demo_pages.home.path)
    page.locator("footer").get_by_role("link", name="网站地图").click()
    expect(page).to_have_url(demo_pages.base_url + SITE_MAP)
    expect(page.get_by_role("heading", level=1)).to_have_text("网站地图")
    page.locator(".site-map-tree").get_by_role(
        "link", name=demo_pages.column.title
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_pages.column.title)


def test_column_tree_marks_the_current_column(
    page: Page, demo_pages: DemoPages
) -> None:
    page.goto(demo_pages.column.path)
    tree = page.get_by_role("navigation", name="栏目导航")
    expect(tree.locator('[aria-current="page"]')).to_have_text(demo_pages.column.title)


def test_item_page_has_print_close_and_neighbours(
    page: Page, demo_pages: DemoPages
) -> None:
    page.goto(demo_pages.seed.path)
    expect(page.get_by_role("button", name="打印本页")).to_be_visible()
    expect(page.get_by_role("button", name="关闭窗口")).to_be_visible()
    neighbours = page.get_by_role("navigation", name="上一篇和下一篇")
    expect(neighbours).to_contain_text("上一篇：")
    expect(neighbours).to_contain_text("下一篇：")
    link = neighbours.get_by_role("link").first
    title = link.inner_text()
    link.click()
    expect(page.locator("h1.item-title")).to_have_text(title)


def font_px(tab: Page, selector: str) -> float:
    return float(
        tab.locator(selector).first.evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_elder_mode_enlarges_text_raises_contrast_and_is_remembered(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages, viewport: str
) -> None:
    """长者模式: 大字 enlarges the text, 高对比度 turns the page white on black; both
    survive a reload and another page, and every page passes axe in that mode."""
    tab = open_tab(new_context, viewport)
    tab.goto(demo_pages.seed.path)
    fold = tab.get_by_role("button", name="无障碍工具")
    if viewport == "phone":  # the tools fold behind one button on phones
        fold.click()
    toolbar = tab.get_by_role("group", name="长者模式和无障碍")
    large, contrast = (
        toolbar.get_by_role("button", name="大字", exact=True),
        toolbar.get_by_role("button", name="高对比度"),
    )
    expect(large).to_have_attribute("aria-pressed", "false")
    before = font_px(tab, ".article-body")
    large.click()
    expect(large).to_have_attribute("aria-pressed", "true")
    assert font_px(tab, ".article-body") >= before * 1.2
    contrast.click()
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    tab.reload()
    expect(tab.locator("html")).to_have_attribute("data-elder-large", "on")
    expect(tab.locator("html")).to_have_attribute("data-elder-contrast", "on")
    if viewport == "phone":
        fold.click()
    expect(large).to_have_attribute("aria-pressed", "true")
    for path in (demo_pages.seed.path, demo_pages.column.path, SITE_MAP):
        tab.goto(path)
        expect(tab.locator("html")).to_have_attribute("data-elder-contrast", "on")
        violations = Axe().run(tab, options=WCAG_21_AA).response["violations"]
        assert violations == [], f"{path}\n" + describe_violations(violations)
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path}: {overflow}px sideways scroll"
    if viewport == "phone":
        fold.click()
    contrast.click()
    expect(tab.locator("html")).not_to_have_attribute("data-elder-contrast", "on")
