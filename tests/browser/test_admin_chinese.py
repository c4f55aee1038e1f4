"""The admin is Chinese for every demo role (issue #16 B), checked in Chromium.

Every kind of demo account (信息员, 审核员, 公开办, 终审, the district's 公开办, a 互动交流
officer, the superuser) opens its dashboard, every entry of its own sidebar (menus and
submenus: reports, settings, the project's own views) and the explorer; the 信息员 also the
page editor of a department page and the add forms, the superuser the editor of each page
type and the workflow, group, site, user and collection screens with one object each. Any interface string with English words outside
tests/browser/admin_text.py's short allow-list fails the test, listed with its URL.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from .admin_crawl import crawl, log_in
from .admin_text import is_english
from .demo_site import DemoPages

pytestmark = pytest.mark.browser

PASSWORD = "gongkai-demo"  # noqa: S105 -- the documented demo department password
EDITOR = "ndrc-editor"  # a department 信息员: the least-privileged admin account
EDITOR_ORGANISATION = "金东区发展和改革局"
# Every other kind of demo account (docs/features/demo.md): 审核员, 公开办, 终审 of the same
# department, the district's 政府信息公开办公室, the district government's own 公开办
# (gov-office: its 网站自查 covers the whole site) and a 互动交流 officer.
OTHER_ROLES = (
    "ndrc-reviewer",
    "ndrc-office",
    "ndrc-final",
    "district-office",
    "gov-office",
    "education-hudong",
)


def _in_thread(function: Callable[[], Any], django_db_blocker: Any) -> Any:
    # Playwright's loop runs on the main thread, where Django refuses ORM calls.
    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def _admin_urls() -> dict[str, list[str]]:
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Site, Workflow, get_page_models

    from gongkai.core.models import Organisation

    column = Organisation.objects.get(name=EDITOR_ORGANISATION).root_page
    edits = []
    for model in get_page_models():
        page = (
            model.objects.exact_type(model).filter(depth__gt=1).first()
            if model is not Page
            else None
        )
        if page is not None:
            edits.append(f"/admin/pages/{page.pk}/edit/")
    department_pages = Page.objects.descendant_of(column).exclude(pk=column.pk)
    department_edit = [f"/admin/pages/{page.pk}/edit/" for page in department_pages[:1]]
    adds = [
        f"/admin/pages/add/catalog/{name}/{column.pk}/"
        for name in ("articlepage", "interpretationpage", "policydocumentpage")
    ]
    workflow = Workflow.objects.first()
    common = [
        "/admin/pages/",
        f"/admin/pages/{column.pk}/",
        f"/admin/pages/{column.pk}/edit/",
        *adds,
        *department_edit,
        "/admin/account/",
        "/admin/documents/multiple/add/",
        "/admin/images/multiple/add/",
    ]
    superuser = [
        *common,
        *edits,
        "/admin/workflows/list/",
        f"/admin/workflows/edit/{workflow.pk}/",
        "/admin/workflows/tasks/index/",
        "/admin/groups/",
        f"/admin/groups/edit/{Group.objects.first().pk}/",
        "/admin/sites/",
        f"/admin/sites/edit/{Site.objects.first().pk}/",
        "/admin/users/",
        "/admin/collections/",
    ]
    # The other demo roles: their sidebar (added by the crawl), the explorer and their
    # department's column; a view they may not open sends them back to the dashboard.
    others = ["/admin/pages/", f"/admin/pages/{column.pk}/", "/admin/account/"]
    return {
        EDITOR: common,
        "admin": superuser,
        **dict.fromkeys(OTHER_ROLES, others),
    }


@pytest.fixture(scope="module")
def admin_urls(demo_pages: DemoPages, django_db_blocker: Any) -> dict[str, list[str]]:
    return _in_thread(_admin_urls, django_db_blocker)


def _set_admin_password(django_db_blocker: Any) -> None:
    def setup() -> None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="admin")
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])

    _in_thread(setup, django_db_blocker)


@pytest.mark.parametrize("username", [EDITOR, *OTHER_ROLES, "admin"])
def test_admin_pages_have_no_english_interface_text(
    username: str,
    new_context: Callable[..., BrowserContext],
    demo_pages: DemoPages,
    admin_urls: dict[str, list[str]],
    django_db_blocker: Any,
) -> None:
    if username == "admin":
        _set_admin_password(django_db_blocker)
    context = new_context()
    context.set_default_timeout(
        60_000
    )  # a loaded machine renders the page editor slowly
    page = log_in(context, username, PASSWORD)
    result = crawl(page, demo_pages.base_url, admin_urls[username])
    # The crawl reached the account's screens: its sidebar and the URLs given for it.
    assert len(result.visited) >= min(10, len(admin_urls[username]) + 3), result.visited
    assert not result.errors, result.errors
    assert result.english == {}, "\n".join(
        f"{text!r} on {urls[0]}" for text, urls in sorted(result.english.items())
    )


def test_admin_chrome_is_branded_and_makes_no_outside_request(
    new_context: Callable[..., BrowserContext], demo_pages: DemoPages
) -> None:
    context = new_context()
    context.set_default_timeout(60_000)
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(demo_pages.base_url)
            or request.url.startswith("data:")
            else outside.append(request.url)
        ),
    )
    page = context.new_page()
    page.goto("/admin/login/")
    assert page.locator("h1").inner_text().endswith("政务公开管理后台")
    assert "Wagtail" not in page.title()
    page.fill("#id_username", EDITOR)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    assert page.title().endswith("金东区人民政府"), page.title()
    assert outside == []  # no gravatar.com avatar, no other outside request


def test_english_detector_flags_what_the_issue_saw() -> None:
    """Control: the strings of issue #16 are caught, data and allowed words are not."""
    for text in (
        "Password",
        "Search all pages…",
        "浏览: Root",
        "Port",
        "True",
        "Insert a block",
    ):
        assert is_english(text), text
    for text in (
        "密码",
        "PDF 文件",
        "“duohu-editor”的更多选项",
        "Ctrl + Shift + v",
        "/zwgk/qzfb/",
    ):
        assert not is_english(text), text
