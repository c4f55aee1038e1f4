"""互动交流 end to end in a real browser, by the demo's non-superuser accounts: a writer
submits to 金东区教育局 → its handler (education-hudong) 转办 to the office → the
office's handler (office-hudong) replies and publishes → the letter is listed publicly
→ the writer rates the reply with the 查询码. The education handler is refused the
letter once it has moved. axe (WCAG 2.1 AA) on every public page on the way.

No ORM calls here: Playwright's loop runs on the main thread (see conftest.py).
"""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import BrowserContext, Page, expect

from .test_application_pages import assert_no_violations
from .test_editorial_workflow import log_in
from .test_public_pages import PHONE

pytestmark = pytest.mark.browser

SUBJECT = "新校区公交接驳线路咨询"
QUEUE_URL = re.compile(r"/admin/hudong/$")
PHONE_NUMBER = "13905791234"


@pytest.fixture(autouse=True)
def _quick_forms(settings: Any) -> Iterator[None]:
    """A robot-speed browser must pass the minimum fill time; no rate limits."""
    settings.GONGKAI_INTERACTION_MIN_FILL_SECONDS = 0
    settings.GONGKAI_INTERACTION_SUBMIT_RATE = ""
    settings.GONGKAI_INTERACTION_STATUS_RATE = ""
    cache.clear()
    yield
    cache.clear()


def write_letter(page: Page) -> str:
    page.goto("/hudong/write/")
    assert_no_violations(page, "the letter form")
    # Sent empty first: errors, nothing lost, still accessible.
    page.locator("#id_subject").fill(SUBJECT)
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".errors, .error").first).to_be_visible()
    expect(page.locator("#id_subject")).to_have_value(SUBJECT)
    assert_no_violations(page, "the letter form with errors")
    page.locator("#id_channel").select_option(label="政务咨询")
    page.locator("#id_organisation").select_option(label="金东区教育局")
    page.locator("#id_name").fill("赵一鸣")
    page.locator("#id_phone").fill(PHONE_NUMBER)
    page.locator("#id_body").fill(
        "新校区九月启用，请问是否开通公交接驳？我的电话13905791234。"
    )
    page.locator("#id_wants_public").check()
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h1")).to_have_text("来信已提交")
    assert_no_violations(page, "the receipt")
    code = page.locator(".tracking-code").inner_text().strip()
    assert code.startswith("GK-")
    return code


def open_letter(page: Page) -> str:
    page.goto("/admin/hudong/")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("main h2").first).to_contain_text(SUBJECT)
    return page.url


def test_submit_route_transfer_reply_publish_rate(
    page: Page, new_context: Callable[..., BrowserContext]
) -> None:
    code = write_letter(page)

    education = log_in(new_context, "education-hudong")
    letter_url = open_letter(education)
    # Contact data stays hidden until asked for (and that is logged).
    expect(education.locator(".writer")).to_contain_text("联系方式已隐藏")
    expect(education.locator(".writer")).not_to_contain_text(PHONE_NUMBER)
    education.locator("#id_organisation").select_option(label="金东区人民政府办公室")
    education.get_by_role("button", name="转办").click()
    expect(education).to_have_url(QUEUE_URL)
    expect(education.locator("main")).not_to_contain_text(SUBJECT)
    # The letter has left 教育局: its handler is refused, by URL too.
    response = education.goto(letter_url)
    assert response is not None and response.status == 404

    office = log_in(new_context, "office-hudong")
    assert open_letter(office) == letter_url
    office.get_by_role("button", name="查看来信人联系方式").click()
    expect(office.locator(".writer")).to_contain_text(PHONE_NUMBER)
    office.locator("#id_reply").fill("已协调公交公司，九月起开通新校区接驳专线。")
    public_body = office.locator("#id_public_body")
    expect(public_body).to_have_value(
        "新校区九月启用，请问是否开通公交接驳？我的电话139****1234。"
    )
    office.locator("#id_publish").check()
    office.get_by_role("button", name="答复", exact=True).click()
    expect(office).to_have_url(QUEUE_URL)
    expect(office.locator("main")).to_contain_text("已答复")

    page.goto("/hudong/")
    assert_no_violations(page, "the list of answered letters")
    page.get_by_label("搜索来信").fill("公交接驳")
    page.get_by_label("搜索来信").press("Enter")
    expect(page.locator("main")).to_contain_text("共 1 件")
    page.get_by_role("link", name=SUBJECT).click()
    main = page.locator("main")
    expect(main).to_contain_text("九月起开通新校区接驳专线")
    expect(main).to_contain_text("赵**")
    expect(main).not_to_contain_text("赵一鸣")
    expect(main).not_to_contain_text(PHONE_NUMBER)
    assert_no_violations(page, "an answered letter")

    page.goto("/hudong/status/")
    assert_no_violations(page, "the status form")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_label("联系电话后4位").fill(PHONE_NUMBER[-4:])
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.locator(".status-label")).to_have_text("已答复")
    assert_no_violations(page, "the status with the rating form")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".message")).to_have_text("感谢您的评价。")
    expect(page.locator(".rating")).to_have_text("满意")
    expect(page.locator(".rating-form")).to_have_count(0)
    assert_no_violations(page, "the status after rating")

    # The writer's rating is shown with the published letter.
    page.goto("/hudong/")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("main")).to_contain_text("来信人评价")
    expect(page.locator("main dd").filter(has_text="满意")).to_have_count(1)
    assert_no_violations(page, "an answered and rated letter")


SUMMARY = "共收到意见1条，已采纳：多湖街道社区微循环线路于下月开通。"


def test_office_publishes_its_adoption_summary_without_hand_given_rights(
    page: Page, new_context: Callable[..., BrowserContext]
) -> None:
    """office-hudong (公开办督办, no model permission of its own) edits its 征集调查 in
    the snippet editor and publishes the 意见采纳情况; education-hudong, a plain
    handler, is refused the same editor; the public page shows the summary."""
    office = log_in(new_context, "office-hudong")
    office.goto("/admin/snippets/interaction/solicitation/")
    expect(office.locator("main")).not_to_contain_text("学前教育发展三年行动计划")
    office.get_by_role("link", name="金东区城区公交线网优化方案征求意见").click()
    edit_url = office.url
    organisation = office.locator("#id_organisation option")
    expect(organisation).to_have_count(1)
    expect(organisation).to_have_text("金东区人民政府办公室")
    office.locator("#id_adoption_summary").fill(SUMMARY)
    office.locator("#id_summary_published").check()
    office.get_by_role("button", name="保存", exact=True).click()
    expect(office.locator(".messages")).to_contain_text("已更新")

    education = log_in(new_context, "education-hudong")
    response = education.goto(edit_url)
    assert response is not None and response.status == 404
    expect(education.locator("#id_adoption_summary")).to_have_count(0)

    page.goto("/hudong/zhengji/")
    assert_no_violations(page, "the list of 征集调查")
    page.get_by_role("link", name="金东区城区公交线网优化方案征求意见").click()
    expect(page.locator("main")).to_contain_text(SUMMARY)
    assert_no_violations(page, "a closed 征集调查 with its 意见采纳情况")


def test_letter_form_fits_a_phone_screen(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(**PHONE).new_page()
    for path in ("/hudong/write/", "/hudong/status/", "/hudong/"):
        page.goto(path)
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        assert scroll_width <= client_width, f"{path} is {scroll_width} px wide"
