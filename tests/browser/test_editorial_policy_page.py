"""A repealed 政策文件 in the browser: the state is prominent, the page is accessible and fits a phone."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, expect

from .demo_site import DemoPages
from .test_public_pages import PHONE, WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser


def _create_policy_documents() -> str:
    from gongkai.catalog.enums import Validity
    from gongkai.catalog.policy import PolicyDocumentPage
    from gongkai.columns.models import ColumnPage
    from gongkai.core.models import Organisation

    column = ColumnPage.objects.get(slug="gfxwj")  # 政策文件 >> 规范性文件
    publisher = Organisation.objects.get(name="金东区人民政府")
    new = column.add_child(
        instance=PolicyDocumentPage(
            title="金东区促进就业创业实施办法（2025年修订）",
            slug="browser-policy-new",
            publisher=publisher,
            validity=Validity.VALID,
            effective_on=date(2025, 7, 1),
            live=False,
        )
    )
    new.save_revision().publish()
    old = column.add_child(
        instance=PolicyDocumentPage(
            title="金东区促进就业创业实施办法",
            slug="browser-policy-old",
            publisher=publisher,
            document_number="金东政发〔2021〕5号",
            validity=Validity.REPEALED,
            invalid_on=date(2025, 6, 30),
            replaced_by=new,
            change_note="2025年6月30日起废止，由修订后的办法替代。",
            live=False,
        )
    )
    old.save_revision().publish()
    return old.relative_url(old.get_site())


def _delete_policy_documents() -> None:
    from gongkai.catalog.policy import PolicyDocumentPage

    for page in PolicyDocumentPage.objects.filter(slug__startswith="browser-policy-"):
        page.delete()


def test_a_repealed_policy_document_shows_its_state(
    new_context: Callable[..., BrowserContext],
    demo_pages: DemoPages,
    django_db_blocker: Any,
) -> None:
    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        path = pool.submit(
            _create_policy_documents
        ).result()  # Playwright owns the main thread
    try:
        check_policy_page(new_context, path)
    finally:  # the other browser tests share the demo site
        with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(_delete_policy_documents).result()


def check_policy_page(new_context: Callable[..., BrowserContext], path: str) -> None:
    page = new_context().new_page()
    page.goto(path)
    expect(page.locator(".validity-banner")).to_contain_text("本文件已废止")
    expect(page.locator(".validity-banner")).to_contain_text("2025-06-30")
    # The banner's link to the replacing document (下一篇 may name the same page too).
    expect(
        page.get_by_role("note").get_by_role(
            "link", name="金东区促进就业创业实施办法（2025年修订）"
        )
    ).to_be_visible()
    expect(page.locator(".change-note")).to_contain_text("由修订后的办法替代")
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, describe_violations(violations)
    phone = new_context(**PHONE).new_page()
    phone.goto(path)
    scroll_width, client_width = phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{path} is {scroll_width} px wide on a phone"
