"""三审 in the browser: a department editor submits, three reviewers approve, the item is public.

Logs in with the demo accounts (docs/features/editorial.md) on the package's demo site.
"""

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .demo_site import DemoPages

pytestmark = pytest.mark.browser

PASSWORD = "gongkai-demo"  # noqa: S105 -- the documented demo department password
TITLE = "区发改局三审浏览器测试稿件"


def in_thread(django_db_blocker: Any, function: Callable[[], Any]) -> Any:
    """Run ORM code in a worker thread: Playwright's loop owns the main thread."""
    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def _department() -> tuple[int, int]:
    from gongkai.core.models import Organisation

    organisation = Organisation.objects.get(name="金东区发展和改革局")
    return organisation.pk, organisation.root_page_id


def _published_item() -> tuple[bool, str]:
    from gongkai.catalog.models import ArticlePage

    item = ArticlePage.objects.get(title=TITLE)
    return item.live, item.relative_url(item.get_site())


def _review_path() -> str:
    from django.urls import reverse

    from gongkai.catalog.models import ArticlePage

    state = ArticlePage.objects.get(title=TITLE).current_workflow_task_state
    return reverse("gongkai_editorial:review", args=[state.pk])


def _delete_item() -> None:
    from gongkai.catalog.models import ArticlePage

    for item in ArticlePage.objects.filter(title=TITLE):
        item.delete()


def log_in(new_context: Callable[..., BrowserContext], username: str) -> Page:
    page = new_context().new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url("/admin/login/")
    return page


ACTION_TIMEOUT_MS = (
    60_000  # the last approval publishes: indexing and static files run in-process
)


def footer_action(page: Page, selector: str) -> None:
    # Secondary actions sit in the footer's dropdown; a click event reaches the button
    # (and Wagtail's own listeners) without opening it first. Wait for the navigation
    # the form post starts: waiting for a load state could return before it began.
    # The StreamField's inputs (body-count) are made by script: posting before they exist
    # is a request Wagtail cannot read (seen under load as a 500).
    page.locator("input[name='body-count']").wait_for(state="attached")
    with page.expect_navigation(timeout=ACTION_TIMEOUT_MS):
        page.locator(selector).first.dispatch_event("click")


def test_editor_submits_and_three_reviewers_publish(
    new_context: Callable[..., BrowserContext],
    demo_pages: DemoPages,
    django_db_blocker: Any,
) -> None:
    organisation_id, column_id = in_thread(django_db_blocker, _department)

    editor = log_in(new_context, "ndrc-editor")
    editor.goto(f"/admin/pages/add/catalog/articlepage/{column_id}/")
    editor.fill("#id_title", TITLE)
    # The slug (in the 推广 tab) is not made from a Chinese title.
    editor.locator("#id_slug").evaluate(
        "(input) => { input.value = 'ndrc-browser-item'; }"
    )
    # 发布机构 is a snippet chooser (a modal); its hidden input takes the chosen id.
    editor.locator("#id_publisher").evaluate(
        "(input, id) => { input.value = id; }", str(organisation_id)
    )
    footer_action(editor, "button[name=action-submit]")
    expect(editor.locator(".messages")).to_contain_text(TITLE)
    expect(editor.locator(".error-message")).to_have_count(0)

    for username in ("ndrc-reviewer", "ndrc-office", "ndrc-final"):
        reviewer = log_in(new_context, username)
        reviewer.goto("/admin/")
        # The 待审核 panel offers no approve, only the review screen (issue #16 item 4).
        row = reviewer.locator("#awaiting-review-section tr", has_text=TITLE)
        expect(row.locator("[data-workflow-action-url*='/approve/']")).to_have_count(0)
        row.get_by_role("button", name="动作").click()
        with reviewer.expect_navigation():
            row.get_by_role("button", name="审核（查看修改）").click()
        expect(reviewer).to_have_url(re.compile(r"/admin/editorial/review/\d+/$"))
        # The comparison is on screen with the approve button under it.
        expect(reviewer.locator("[data-review-step]")).to_be_visible()
        expect(reviewer.locator("table.listing")).to_be_visible()
        with reviewer.expect_navigation(timeout=ACTION_TIMEOUT_MS):
            reviewer.locator("[data-review-form] button[value=approve]").click()
        expect(reviewer.locator(".messages")).to_contain_text("已通过")
        if username == "ndrc-reviewer":
            # The editor (the author, no reviewing role) cannot open the next step's screen:
            # Wagtail sends a refused admin request back to the dashboard.
            review = in_thread(django_db_blocker, _review_path)
            editor.goto(review)
            expect(editor).to_have_url(re.compile(r"/admin/$"))

    try:
        live, path = in_thread(django_db_blocker, _published_item)
        assert live, "the third approval publishes the item"
        public = new_context().new_page()
        public.goto(path)
        expect(public.locator("h1")).to_have_text(TITLE)
    finally:  # the other browser tests share the demo site
        in_thread(django_db_blocker, _delete_item)
