"""终审 blocked by a 严重错别字 until a reviewer confirms it, in Chromium (issue #17).

The department editor (the least-privileged account that writes items) submits an item
whose title misspells a leader's name; the page editor's 检查 side panel shows the hit
(wrong form, correction, confidence, rule, 确认 state) with the count on its toggle; the
final approver's 通过 is refused with the reason in Chinese; another organisation's final
approver cannot confirm it (403); after the department's final approver confirms it from
the panel, 通过 publishes the item.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .demo_site import DemoPages
from .test_editorial_workflow import footer_action, in_thread, log_in
from .test_public_pages import WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser

TITLE = "区发改局学习习近乎总书记讲话精神浏览器测试"
APPROVE = "[data-review-form] button[value=approve]"


def _department() -> tuple[int, int]:
    from gongkai.core.models import Organisation

    organisation = Organisation.objects.get(name="金东区发展和改革局")
    return organisation.pk, organisation.root_page_id


def _item() -> tuple[int, bool, int]:
    from gongkai.catalog.models import ArticlePage
    from gongkai.inspection.models import TermAcknowledgement

    item = ArticlePage.objects.get(title=TITLE)
    acks = TermAcknowledgement.objects.filter(revision__object_id=str(item.pk))
    return item.pk, item.live, acks.count()


def _review_path(item_id: int) -> str:
    from django.urls import reverse
    from wagtail.models import Page

    state = Page.objects.get(pk=item_id).specific.current_workflow_task_state
    return reverse("gongkai_editorial:review", args=[state.pk])


def _revision_id(item_id: int) -> int:
    from wagtail.models import Page

    return Page.objects.get(pk=item_id).get_latest_revision().pk


def open_checks(tab: Page) -> Locator:
    """Open Wagtail's 检查 side panel; answer its 网站自查 section."""
    toggle = tab.locator('[data-side-panel-toggle="checks"]')
    # Wagtail reopens the panel last open (localStorage) once the page is ready, then
    # drops form-side--initial: only then is a click known to open, not to close.
    expect(tab.locator("[data-form-side]")).not_to_have_class(
        re.compile("form-side--initial")
    )
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    section = tab.locator('[data-side-panel="checks"] [data-gongkai-checks]')
    expect(section).to_be_visible()
    return section


def _delete_item() -> None:
    from gongkai.catalog.models import ArticlePage

    for item in ArticlePage.objects.filter(title=TITLE):
        item.delete()


def test_final_approval_waits_for_the_misspelt_leader_name_to_be_confirmed(
    new_context: Callable[..., BrowserContext],
    demo_pages: DemoPages,
    django_db_blocker: Any,
) -> None:
    organisation_id, column_id = in_thread(django_db_blocker, _department)
    editor = log_in(new_context, "ndrc-editor")
    editor.goto(f"/admin/pages/add/catalog/articlepage/{column_id}/")
    editor.fill("#id_title", TITLE)
    editor.locator("#id_slug").evaluate(
        "(input) => { input.value = 'ndrc-misspelt-leader'; }"
    )
    editor.locator("#id_publisher").evaluate(
        "(input, id) => { input.value = id; }", str(organisation_id)
    )
    footer_action(editor, "button[name=action-submit]")
    expect(editor.locator(".messages")).to_contain_text(TITLE)
    try:
        item_id, live, acks = in_thread(django_db_blocker, _item)
        assert (live, acks) == (False, 0)
        # The editor sees the hit in the editor's checks, without a 确认 of their own.
        editor.goto(f"/admin/pages/{item_id}/edit/")
        checks = open_checks(editor)
        hit = checks.locator('[data-gongkai-hit="习近乎"]')
        expect(hit).to_contain_text("错误写法习近乎")
        expect(hit).to_contain_text("应为习近平")
        expect(hit).to_contain_text("置信度高（")
        expect(hit).to_contain_text("严重错别字（单项否决）：受保护词“习近平”")
        expect(hit).to_contain_text("未确认，终审前须修改或由审核人确认")
        expect(checks.get_by_role("link", name="确认")).to_have_count(0)
        findings = checks.locator(".gongkai-check").count()
        badge = editor.locator(
            '[data-side-panel-toggle="checks"] [data-gongkai-checks-toggle-count]'
        )
        expect(badge).to_have_text(str(findings))
        expect(editor.locator(".messages")).not_to_contain_text("网站自查·严重错别字")
        # The admin's own pages are not held to axe here (no browser test does, and
        # Wagtail's editor is Wagtail's): the panel section added here is.
        violations = (
            Axe()
            .run(
                editor,
                context={"include": [["[data-gongkai-checks]"]]},
                options=WCAG_21_AA,
            )
            .response["violations"]
        )
        assert not violations, describe_violations(violations)

        # Approval happens on the review screen, where the changes are shown (#16).
        for username in ("ndrc-reviewer", "ndrc-office"):
            reviewer = log_in(new_context, username)
            reviewer.goto(in_thread(django_db_blocker, lambda: _review_path(item_id)))
            reviewer.locator(APPROVE).click()
            expect(reviewer.locator(".messages")).to_contain_text("已通过")

        final = log_in(new_context, "ndrc-final")
        final.goto(f"/admin/pages/{item_id}/edit/")
        expect(open_checks(final)).to_contain_text("未确认，终审前须修改或确认")
        review = in_thread(django_db_blocker, lambda: _review_path(item_id))
        final.goto(review)
        final.locator(APPROVE).click()
        expect(final.locator(".messages")).to_contain_text(
            "终审未通过：稿件中有未确认的严重错别字“习近乎”（应为“习近平”）"
        )
        assert in_thread(django_db_blocker, _item)[1:] == (False, 0)

        # Another organisation's final approver: refused by the view (not by CSRF).
        stranger = log_in(new_context, "education-final")
        url = f"/admin/inspection/acknowledge/{item_id}/"
        assert stranger.goto(url).status == 403
        token = next(
            c["value"] for c in stranger.context.cookies() if c["name"] == "csrftoken"
        )
        refused = stranger.request.post(
            url,
            form={
                "csrfmiddlewaretoken": token,
                "revision": str(
                    in_thread(django_db_blocker, lambda: _revision_id(item_id))
                ),
                "wrong": "习近乎",
            },
        )
        assert refused.status == 403
        assert "您没有确认该稿件错别字的权限" in refused.text()
        assert in_thread(django_db_blocker, _item)[2] == 0

        # The department's final approver confirms it from the editor's checks, then
        # approves on the review screen.
        final.goto(f"/admin/pages/{item_id}/edit/")
        open_checks(final).get_by_role("link", name="确认").first.click()
        final.locator("button[data-acknowledge='习近乎']").click()
        expect(final.locator(".messages")).to_contain_text("已确认“习近乎”")
        expect(open_checks(final)).to_contain_text("已确认：ndrc-final")
        final.goto(review)
        final.locator(APPROVE).click()
        expect(final.locator(".messages")).to_contain_text("已通过")
        assert in_thread(django_db_blocker, _item)[1:] == (True, 1)
    finally:  # the other browser tests share the demo site
        in_thread(django_db_blocker, _delete_item)
