"""The Wagtail admin under its Content-Security-Policy: no violation in a real browser.

A department editor (the least-privileged account that edits pages) logs in and opens
the dashboard, the page editor and the image upload form; every securitypolicyviolation
event and every CSP console message is collected and must be none (docs/security.md)."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from .demo_site import DemoPages

pytestmark = pytest.mark.browser

PASSWORD = "gongkai-demo"  # noqa: S105 -- the documented demo department password
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def _column_id(django_db_blocker: Any) -> int:
    def find() -> int:
        from gongkai.core.models import Organisation

        return Organisation.objects.get(name="金东区发展和改革局").root_page_id

    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(find).result()


def test_department_editor_admin_pages_have_no_csp_violation(
    new_context: Callable[..., BrowserContext],
    demo_pages: DemoPages,
    django_db_blocker: Any,
) -> None:
    column_id = _column_id(django_db_blocker)
    context = new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto("/admin/login/")
    page.fill("#id_username", "ndrc-editor")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    violations: dict[str, list[str]] = {}
    for url, ready in (
        ("/admin/", "main"),
        (
            f"/admin/pages/add/catalog/articlepage/{column_id}/",
            "input[name='body-count']",
        ),
        ("/admin/images/multiple/add/", "main"),
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "script-src" in (
            response.headers.get("content-security-policy") or ""
        ), url
        page.locator(ready).first.wait_for(state="attached")
        page.wait_for_load_state("networkidle")
        violations[url] = page.evaluate("window.__cspViolations")
    assert all(not found for found in violations.values()), violations
    assert console == []
    # Positive control: the recorder does see a violation (an image from another origin).
    page.evaluate("new Image().src = 'http://203.0.113.9/probe.png'")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__cspViolations")[0].startswith("img-src")
