"""The 无障碍/长者 toolbar of issue #16 (工信部适老化规范, GB/T 37668-2019) in Chromium: every
mode toggles, is remembered across pages and before the first paint, keeps the seed and
column pages free of axe (WCAG 2.1 AA) violations, and every control is reachable and
usable from the keyboard, on a desktop and on a phone."""

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .demo_site import DemoPages
from .test_public_pages import PHONE, WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
MODES = {
    "large": "大字",
    "xlarge": "特大字",
    "contrast": "高对比度",
    "gray": "黑白",
    "cursor": "特大鼠标",
    "guide": "阅读指引线",
    "simple": "简约版",
}
TOOLBAR_BUTTONS = [*MODES.values(), "语音朗读", "恢复默认"]


def tools(tab: Page) -> Locator:
    return tab.get_by_role("group", name="长者模式和无障碍")


def assert_no_axe_violations(tab: Page) -> None:
    violations = Axe().run(tab, options=WCAG_21_AA).response["violations"]
    assert violations == [], f"{tab.url}\n" + describe_violations(violations)


def assert_no_sideways_scroll(tab: Page) -> None:
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    # Name the widest elements, so a failure says what to fix.
    wide = tab.evaluate(
        """() => [...document.querySelectorAll('body *')]
             .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
             .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + el.getBoundingClientRect().right)"""
    )
    assert overflow <= 0, f"{tab.url}: {overflow}px sideways scroll: {wide}"


def css(tab: Page, selector: str, prop: str) -> str:
    return str(
        tab.locator(selector)
        .first.evaluate(f"el => getComputedStyle(el).getPropertyValue('{prop}')")
        .strip()
    )


def check_effect(tab: Page, mode: str, demo_pages: DemoPages) -> None:
    """What the mode must visibly do on the page now open (the seed page or its column)."""
    if mode in ("large", "xlarge"):
        # The browser default is 16 px: 125 % and 150 % of it.
        assert (
            css(tab, "html", "font-size") == {"large": "20px", "xlarge": "24px"}[mode]
        )
    elif mode == "contrast":
        assert css(tab, "body", "background-color") == "rgb(0, 0, 0)"
        assert css(tab, "body", "color") == "rgb(255, 255, 255)"
    elif mode == "gray":
        assert css(tab, ".site-header", "background-color") == "rgb(51, 51, 51)"
        assert "grayscale(1)" in css(tab, ".site-logo", "filter")
    elif mode == "cursor":
        assert "cursor-arrow.svg" in css(tab, "body", "cursor")
        assert "cursor-hand.svg" in css(tab, "main a", "cursor")
        for image in ("cursor-arrow.svg", "cursor-arrow.png", "cursor-hand.png"):
            response = tab.request.get(f"/static/gongkai/img/{image}")
            assert response.ok and response.headers["content-type"].startswith("image/")
    elif mode == "guide":
        guide = tab.locator(".reading-guide")
        tab.mouse.move(400, 500)
        expect(guide).to_be_visible()
        box = guide.bounding_box()
        assert box and abs(box["y"] + box["height"] / 2 - 500) <= 1
        tab.mouse.move(400, 300)
        box = guide.bounding_box()
        assert box and abs(box["y"] + box["height"] / 2 - 300) <= 1
    elif mode == "simple":
        expect(tab.locator(".site-logo")).to_be_hidden()
        expect(tab.locator(".conac-mark")).to_be_hidden()
        if tab.locator(".column-tree").count():
            # One column: the column tree under the list, not beside it.
            tree, main = (
                tab.locator(".column-tree").bounding_box(),
                tab.locator(".column-main").bounding_box(),
            )
            assert tree and main and tree["y"] >= main["y"] + main["height"]
        else:
            expect(tab.locator(".qr")).to_be_hidden()


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_toggles_is_remembered_and_passes_axe(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages, mode: str
) -> None:
    tab = new_context(**DESKTOP).new_page()
    tab.goto(demo_pages.seed.path)
    button = tools(tab).get_by_role("button", name=MODES[mode], exact=True)
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(tab.locator("html")).to_have_attribute(f"data-elder-{mode}", "on")
    check_effect(tab, mode, demo_pages)
    assert_no_axe_violations(tab)
    # Remembered on another page, then back on the first after a reload.
    for path in (demo_pages.column.path, demo_pages.seed.path):
        tab.goto(path)
        expect(tab.locator("html")).to_have_attribute(f"data-elder-{mode}", "on")
        expect(button).to_have_attribute("aria-pressed", "true")
        check_effect(tab, mode, demo_pages)
        assert_no_axe_violations(tab)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    tab.reload()
    expect(tab.locator("html")).not_to_have_attribute(f"data-elder-{mode}", "on")


def test_all_modes_at_once_pass_axe_on_a_phone(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages
) -> None:
    """On a 375 px phone the tools fold behind one button; with 特大字, 高对比度 and the
    other modes on together the seed and column pages still fit and pass axe."""
    tab = new_context(**PHONE).new_page()
    tab.goto(demo_pages.seed.path)
    fold = tab.get_by_role("button", name="无障碍工具")
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(tools(tab).get_by_role("button", name="特大字")).to_be_hidden()
    fold.tap()
    expect(fold).to_have_attribute("aria-expanded", "true")
    for name in ("特大字", "高对比度", "特大鼠标", "阅读指引线", "简约版"):
        button = tools(tab).get_by_role("button", name=name, exact=True)
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")
    for path in (demo_pages.seed.path, demo_pages.column.path):
        tab.goto(path)
        expect(tab.locator("html")).to_have_attribute("data-elder-xlarge", "on")
        assert_no_axe_violations(tab)
        assert_no_sideways_scroll(tab)


def test_sizes_and_themes_exclude_each_other_and_reset_clears_all(
    page: Page, demo_pages: DemoPages
) -> None:
    page.goto(demo_pages.seed.path)
    group = tools(page)
    large, xlarge = (
        group.get_by_role("button", name="大字", exact=True),
        group.get_by_role("button", name="特大字"),
    )
    contrast, gray = (
        group.get_by_role("button", name="高对比度"),
        group.get_by_role("button", name="黑白"),
    )
    large.click()
    xlarge.click()
    expect(large).to_have_attribute("aria-pressed", "false")
    expect(xlarge).to_have_attribute("aria-pressed", "true")
    contrast.click()
    gray.click()
    expect(contrast).to_have_attribute("aria-pressed", "false")
    expect(page.locator("html")).not_to_have_attribute("data-elder-contrast", "on")
    group.get_by_role("button", name="恢复默认").click()
    for name in MODES.values():
        expect(group.get_by_role("button", name=name, exact=True)).to_have_attribute(
            "aria-pressed", "false"
        )
    page.reload()
    assert page.evaluate("document.documentElement.outerHTML.split('>')[0]") == (
        '<html lang="zh-Hans"'
    )


def test_modes_apply_before_the_toolbar_script_runs(
    page: Page, demo_pages: DemoPages
) -> None:
    """No flash: the remembered modes are set by the script in <head>, so the page is
    styled even when the deferred toolbar script never arrives."""
    page.goto(demo_pages.seed.path)
    tools(page).get_by_role("button", name="特大字").click()
    tools(page).get_by_role("button", name="高对比度").click()
    page.route("**/gongkai/js/site.js", lambda route: route.abort())
    page.goto(demo_pages.column.path)
    expect(page.locator("html")).to_have_attribute("data-elder-xlarge", "on")
    assert css(page, "html", "font-size") == "24px"
    assert css(page, "body", "background-color") == "rgb(0, 0, 0)"
    # Without its script the toolbar would do nothing, so it is not shown.
    expect(page.locator("[data-elder-toolbar]")).to_be_hidden()


RECORD_SPEECH = """
window.__spoken = [];
window.__cancelled = 0;
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__spoken.push({text: u.text, lang: u.lang}); },
  cancel: function () { window.__cancelled += 1; }
}});
"""


def test_read_aloud_speaks_the_title_and_article_body(
    page: Page, demo_pages: DemoPages
) -> None:
    """语音朗读 hands the title and the article body, sentence by sentence, to the
    browser's speech synthesis in Chinese. Headless Chromium has no voices, so the
    test records what the page gives the Web Speech API instead of listening."""
    page.add_init_script(RECORD_SPEECH)
    page.goto(demo_pages.seed.path)
    speak = tools(page).get_by_role("button", name="语音朗读")
    speak.click()
    expect(speak).to_have_attribute("aria-pressed", "true")
    spoken = page.evaluate("window.__spoken")
    assert {item["lang"] for item in spoken} == {"zh-CN"}
    text = "".join(item["text"] for item in spoken)
    assert text.startswith(demo_pages.seed.title)
    paragraphs = page.locator(".article-body p").all_inner_texts()
    long_paragraph = next(p.strip() for p in paragraphs if len(p.strip()) > 40)
    assert long_paragraph[:30] in text
    assert "依申请公开" not in text  # the navigation is not read
    assert all(len(item["text"]) < 400 for item in spoken)
    speak.click()
    expect(speak).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.__cancelled") >= 2


def test_read_aloud_is_hidden_without_speech_synthesis(
    page: Page, demo_pages: DemoPages
) -> None:
    page.add_init_script(
        'Object.defineProperty(window, "speechSynthesis", {value: undefined});'
    )
    page.goto(demo_pages.seed.path)
    expect(tools(page).get_by_role("button", name="特大字")).to_be_visible()
    expect(page.locator("button[data-elder-speak]")).to_be_hidden()


def walk_to_toolbar(tab: Page, wanted: list[str]) -> dict[str, str]:
    """Tab through the page from the top; the outline of each toolbar button reached."""
    reached: dict[str, str] = {}
    for _ in range(40):
        tab.keyboard.press("Tab")
        name, outline = tab.evaluate(
            """() => { const el = document.activeElement;
                 return el && el.closest('[data-elder-toolbar]')
                   ? [el.textContent.trim(), getComputedStyle(el).outlineStyle] : [null, null]; }"""
        )
        if name:
            reached[name] = outline
        if set(wanted) <= set(reached):
            break
    return reached


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_keyboard_alone_reaches_and_works_every_control(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages, viewport: str
) -> None:
    tab = new_context(**(DESKTOP if viewport == "desktop" else PHONE)).new_page()
    tab.goto(demo_pages.seed.path)
    if viewport == "phone":
        assert walk_to_toolbar(tab, ["无障碍工具"]).keys() == {"无障碍工具"}
        tab.keyboard.press("Enter")
        expect(tab.get_by_role("button", name="无障碍工具")).to_have_attribute(
            "aria-expanded", "true"
        )
        tab.keyboard.press("Shift+Tab")
    reached = walk_to_toolbar(tab, TOOLBAR_BUTTONS)
    assert set(TOOLBAR_BUTTONS) <= set(reached), f"reached only {sorted(reached)}"
    # Visible focus on each control.
    assert all(style == "solid" for style in reached.values()), reached
    # Space and Enter work the focused switch.
    contrast = tools(tab).get_by_role("button", name="高对比度")
    contrast.focus()
    tab.keyboard.press("Space")
    expect(contrast).to_have_attribute("aria-pressed", "true")
    guide = tools(tab).get_by_role("button", name="阅读指引线")
    guide.focus()
    tab.keyboard.press("Enter")
    expect(guide).to_have_attribute("aria-pressed", "true")
    # The reading guide follows the keyboard: to the focused control, then Alt+↓.
    band = tab.locator(".reading-guide")
    expect(band).to_be_visible()
    before = band.bounding_box()
    target = guide.bounding_box()
    assert before and target
    assert (
        abs(before["y"] - (target["y"] + target["height"] / 2 - before["height"] / 2))
        <= 1
    )
    tab.keyboard.press("Alt+ArrowDown")
    after = band.bounding_box()
    assert after and after["y"] > before["y"]
    assert_no_axe_violations(tab)
