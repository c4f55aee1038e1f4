"""The public 依申请公开 pages in a real browser: submit an application, land on the
receipt, look up the status; accessibility (axe, WCAG 2.1 AA) and phone widths.

No ORM calls here: Playwright's loop runs on the main thread (see conftest.py); the
tests see the application only as an applicant does, through the pages.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import BrowserContext, Page, expect

from gongkai.applications.tests.factories import RESIDENT_ID

from .test_public_pages import PHONE, WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser

FORM = "/apply/form/"
STATUS = "/apply/status/"
PHONE_NUMBER = "13912348765"


@pytest.fixture(autouse=True)
def _quick_forms(settings: Any) -> Iterator[None]:
    """A robot-speed browser must pass the minimum fill time; no rate limits."""
    settings.GONGKAI_APPLICATIONS_MIN_FILL_SECONDS = 0
    settings.GONGKAI_APPLICATIONS_SUBMIT_RATE = ""
    settings.GONGKAI_APPLICATIONS_STATUS_RATE = ""
    cache.clear()
    yield
    cache.clear()


def assert_no_violations(page: Page, what: str) -> None:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    if violations:
        pytest.fail(
            f"axe-core: {len(violations)} WCAG 2.1 AA violation(s) on {what} "
            f"{page.url}\n{describe_violations(violations)}"
        )


def fill_person_application(page: Page) -> None:
    page.goto(FORM)
    page.get_by_role("radio", name="自然人").check()
    page.get_by_label("姓名").fill("王小明")
    page.locator("#id_person_id_number").fill(RESIDENT_ID)
    page.locator("#id_person_phone").fill(PHONE_NUMBER)
    page.locator("#id_person_email").fill("wangxm@example.com")
    page.get_by_label("所需政府信息的名称").fill("2025年度区级部门预算公开表")
    page.get_by_label("所需政府信息的内容描述").fill(
        "请提供2025年度区教育局部门预算表。"
    )
    page.get_by_role("radio", name="电子", exact=True).check()
    page.get_by_role("radio", name="电子邮件", exact=True).check()
    page.get_by_role("checkbox").check()


def submit_and_get_code(page: Page) -> str:
    fill_person_application(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/apply/receipt/")
    code = page.locator("#tracking-code").inner_text().strip()
    assert code.startswith("GK-")
    return code


def test_applicant_submits_gets_a_receipt_and_looks_up_the_status(page: Page) -> None:
    """Form → receipt with the tracking code → status page shows the state."""
    code = submit_and_get_code(page)
    expect(page.locator("h1")).to_have_text("申请回执")
    expect(page.locator(".facts")).to_contain_text("待受理机关确认")
    expect(page.locator(".facts")).to_contain_text("答复期限")
    expect(page.locator("main")).not_to_contain_text(RESIDENT_ID)
    assert_no_violations(page, "the receipt")

    page.goto(STATUS)
    assert_no_violations(page, "the status form")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_label("联系电话后4位").fill(PHONE_NUMBER[-4:])
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".status-label")).to_have_text("已提交，待受理机关确认收到")
    expect(page.locator("main")).to_contain_text("2025年度区级部门预算公开表")
    expect(page.locator("main")).not_to_contain_text(PHONE_NUMBER)
    assert_no_violations(page, "the status result")


def test_wrong_phone_tail_gets_the_generic_error(page: Page) -> None:
    code = submit_and_get_code(page)
    page.goto(STATUS)
    page.get_by_label("查询码").fill(code)
    page.get_by_label("联系电话后4位").fill("0000")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".error-summary")).to_contain_text("未查询到该申请")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_no_violations(page, "the status form with an error")


def test_form_has_no_violations_empty_and_with_errors(page: Page) -> None:
    page.goto(FORM)
    assert_no_violations(page, "the application form")
    page.get_by_role("radio", name="法人或其他组织").check()
    page.locator("#id_org_uscc").fill("91330702MA2HXKT70Y")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请填写法人或其他组织的名称。")
    expect(page.locator("#id_org_uscc")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_org_uscc")).to_have_value("91330702MA2HXKT70Y")
    assert_no_violations(page, "the application form with errors")
    # The error summary's link moves to the field.
    summary.get_by_role("link", name="名称：请填写法人或其他组织的名称。").click()
    expect(page.locator("#id_org_name")).to_be_focused()


def test_applicant_kind_switch_shows_one_fieldset(page: Page) -> None:
    page.goto(FORM)
    person = page.locator("fieldset[data-applicant-kind='natural_person']")
    organisation = page.locator("fieldset[data-applicant-kind='legal_person']")
    expect(person).to_be_visible()
    expect(organisation).to_be_hidden()
    page.get_by_role("radio", name="法人或其他组织").check()
    expect(person).to_be_hidden()
    expect(organisation).to_be_visible()


def test_without_javascript_both_fieldsets_show_and_the_form_works(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(FORM)
    expect(
        page.locator("fieldset[data-applicant-kind='natural_person']")
    ).to_be_visible()
    expect(page.locator("fieldset[data-applicant-kind='legal_person']")).to_be_visible()
    expect(page.locator("input[name='homepage']")).to_be_hidden()
    submit_and_get_code(page)


@pytest.mark.parametrize("errors", [False, True], ids=["empty", "with-errors"])
def test_form_fits_a_phone_screen(
    new_context: Callable[..., BrowserContext], errors: bool
) -> None:
    """On a 375 px wide phone nothing scrolls sideways."""
    page = new_context(**PHONE).new_page()
    page.goto(FORM)
    if errors:
        page.get_by_role("button", name="提交申请").click()
        expect(page.locator(".error-summary")).to_be_visible()
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width == 375
    assert scroll_width <= client_width, (
        f"{page.url} is {scroll_width} px wide on a phone"
    )


def test_intro_page_has_no_violations_and_leads_to_the_form(page: Page) -> None:
    page.goto("/apply/")
    assert_no_violations(page, "the intro page")
    page.get_by_role("link", name="在线提交申请").click()
    expect(page.locator("h1")).to_have_text("政府信息公开申请")
