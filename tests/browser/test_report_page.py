"""The annual report page (reports.AnnualReportPage) in a real browser: WCAG 2.1 AA."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .demo_site import DemoPages
from .test_public_pages import WCAG_21_AA, describe_violations

pytestmark = pytest.mark.browser


def _create_report() -> str:
    """Publish a report in the demo site's first column; return its path."""
    from django.db import connection

    from gongkai.columns.models import ColumnPage
    from gongkai.core.models import Organisation
    from gongkai.reports.services import generate_report
    from gongkai.reports.tests.factories import create_report_page

    try:
        column = ColumnPage.objects.live().order_by("path").first()
        organisation = Organisation.objects.order_by("pk").first()
        page = create_report_page(column=column, organisation=organisation, year=2025)
        generate_report(page=page)  # saves a revision with the tables
        page.get_latest_revision().publish()
        return urlsplit(page.get_url()).path
    finally:
        connection.close()


def _in_thread(function: Callable[[], Any]) -> Any:
    # Playwright's sync API keeps an asyncio loop on the main thread once the browser
    # runs; Django refuses ORM calls there, so the page is made in a worker thread.
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function).result()


@pytest.fixture(scope="module")
def report_path(demo_pages: DemoPages, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock():
        return str(_in_thread(_create_report))


def test_report_page_has_no_wcag_21_aa_violations(page: Page, report_path: str) -> None:
    """axe-core finds no WCAG 2.1 A or AA violation on the report with its tables."""
    page.goto(report_path)
    expect(page.locator("table.report-table")).to_have_count(3)
    results = Axe().run(page, options=WCAG_21_AA)
    violations = results.response["violations"]
    if violations:
        pytest.fail(
            f"axe-core: {len(violations)} WCAG 2.1 AA violation(s) on {page.url}\n"
            f"{describe_violations(violations)}"
        )
