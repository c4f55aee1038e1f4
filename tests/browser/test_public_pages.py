"""The public pages in a real browser: font switch, accessibility, QR code, phones,
pages without JavaScript and the visit counter."""

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import BrowserContext, Locator, Page, expect

from gongkai.demo.sources import load_seed_page

from .demo_site import DemoPages

pytestmark = pytest.mark.browser

THREE_PAGES = ["home", "column", "seed"]
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
}
COUNT = re.compile(r"^\d+$")
# A reader's browser: headless Chrome announces itself and is not counted as a visit.
DESKTOP_CHROME_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36"
)


def font_size(locator: Locator) -> float:
    return float(locator.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One block per axe rule: its id, what to fix, and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(
                f"  - {', '.join(map(str, node['target']))}: {node['html'][:200]}"
            )
            if node.get("failureSummary"):
                lines.append("    " + node["failureSummary"].replace("\n", "\n    "))
    return "\n".join(lines)


def test_font_switch_resizes_article_text_and_survives_reload(
    page: Page, demo_pages: DemoPages
) -> None:
    """大 and 小 change the article body's computed font size; the choice is remembered."""
    page.goto(demo_pages.seed.path)
    body = page.locator(".article-body")
    paragraph = body.locator(":scope > p").first
    large_button = page.get_by_role("button", name="大号字体")
    medium = font_size(body)
    expect(page.get_by_role("button", name="中号字体")).to_have_attribute(
        "aria-pressed", "true"
    )

    large_button.click()
    expect(page.locator("html")).to_have_attribute("data-font", "large")
    large = font_size(body)
    assert large > medium
    assert font_size(paragraph) == large

    page.reload()
    expect(page.locator("html")).to_have_attribute("data-font", "large")
    expect(large_button).to_have_attribute("aria-pressed", "true")
    assert font_size(body) == large

    page.get_by_role("button", name="小号字体").click()
    expect(page.locator("html")).to_have_attribute("data-font", "small")
    small = font_size(body)
    assert small < medium
    page.reload()
    assert font_size(body) == small


@pytest.mark.parametrize("name", THREE_PAGES)
def test_page_has_no_wcag_21_aa_violations(
    page: Page, demo_pages: DemoPages, name: str
) -> None:
    """axe-core finds no WCAG 2.1 A or AA violation."""
    page.goto(demo_pages.by_name(name).path)
    results = Axe().run(page, options=WCAG_21_AA)
    violations = results.response["violations"]
    if violations:
        pytest.fail(
            f"axe-core: {len(violations)} WCAG 2.1 AA violation(s) on the {name} page "
            f"{page.url}\n{describe_violations(violations)}"
        )


def test_qr_code_encodes_the_page_url(page: Page, demo_pages: DemoPages) -> None:
    """The QR code below the article decodes to the URL the browser loaded."""
    page.goto(demo_pages.seed.path)
    code = page.locator("figure.qr svg")
    expect(code).to_be_visible()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    assert [result.text for result in results] == [demo_pages.url(demo_pages.seed)]
    assert page.url == demo_pages.url(demo_pages.seed)


def test_seed_page_is_complete_without_javascript(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages
) -> None:
    """Without scripts the seed page shows all its parts, in the seed page's order."""
    seed = load_seed_page()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(demo_pages.seed.path)

    expect(page.locator("h1")).to_have_text(seed["title"])
    metadata = page.locator("section.metadata")
    for text in (
        seed["metadata"]["index_no"],
        seed["metadata"]["publisher"],
        seed["metadata"]["publish_date"],
        seed["metadata"]["disclosure_mode"],
    ):
        expect(metadata).to_contain_text(text)
    info_line = page.locator(".info-line")
    expect(info_line).to_contain_text(f"发布时间：{seed['published_at']}")
    expect(info_line).to_contain_text(f"信息来源：{seed['source']}")
    paragraphs = page.locator(".article-body > p:not(.byline)")
    expect(paragraphs).to_have_text(seed["body_paragraphs"])
    assert len(seed["body_paragraphs"]) == 13
    expect(page.locator(".byline")).to_have_text(seed["byline"])
    expect(page.locator("figure.qr svg")).to_be_visible()

    in_order = [
        page.locator("nav.breadcrumb"),
        metadata,
        page.locator("h1"),
        info_line,
        page.get_by_role("link", name="图解"),
        page.locator(".headline"),
        paragraphs.first,
        paragraphs.last,
        page.locator(".byline"),
        page.locator("figure.qr"),
    ]
    tops = []
    for part in in_order:
        expect(part).to_be_visible()
        box = part.bounding_box()
        assert box is not None
        tops.append(box["y"])
    assert tops == sorted(tops), "the seed page's parts are out of order"


@pytest.mark.parametrize("name", THREE_PAGES)
def test_page_fits_a_phone_screen(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages, name: str
) -> None:
    """On a 375 px wide phone nothing scrolls sideways."""
    page = new_context(**PHONE).new_page()
    page.goto(demo_pages.by_name(name).path)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width == 375
    assert scroll_width <= client_width, (
        f"{page.url} is {scroll_width} px wide on a phone"
    )


def test_visit_counter_counts_a_reader_once_per_window(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages
) -> None:
    """A reader's browser sees the number; reloading within the window does not count
    again (gongkai/stats/dedup.py), and headless Chrome is shown it but never counted."""
    reader = new_context(user_agent=DESKTOP_CHROME_UA).new_page()
    reader.goto(demo_pages.seed.path)
    hits = reader.locator("[data-hits-page]")
    expect(hits).to_have_text(COUNT)
    first = int(hits.inner_text())
    assert first >= 1

    reader.reload()
    expect(hits).to_have_text(COUNT)
    assert int(hits.inner_text()) == first

    robot = new_context().new_page()
    assert "HeadlessChrome" in robot.evaluate("navigator.userAgent")
    robot.goto(demo_pages.seed.path)
    expect(robot.locator("[data-hits-page]")).to_have_text(str(first))
