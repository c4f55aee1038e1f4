"""Fixtures of the browser suite: one demo site and one headless Chromium for the folder.

Debian's Chromium is driven through Playwright; Playwright never downloads a browser
here (see scripts/ensure-chromium.sh). The tests share one small demo site, built once
and served by pytest-django's live server.
"""

import os
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .demo_site import DEMO_ITEM_COUNT, DemoPages, restore_migration_data

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright must not download its own
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def demo_pages(
    live_server: Any, django_db_setup: None, django_db_blocker: Any
) -> Iterator[DemoPages]:
    """Build the demo site once, serve it as the live server's Site, and remove it when
    the browser tests are done: every browser test reads the same pages.

    Building takes seconds, so a site per test (a flushed database per test, as
    pytest-django gives live-server tests) would take minutes. The tests write only
    visit counts, which they compare with each other, never with a fixed number.
    Package scope, not session scope, so that tests run after this folder find the
    database flushed and no Playwright loop on the main thread.
    """
    from gongkai.demo.builder import build_demo_site

    with django_db_blocker.unblock():
        restore_migration_data()
        demo = build_demo_site(item_count=DEMO_ITEM_COUNT)
        address = urlsplit(live_server.url)
        # The QR code encodes the Site's root URL: make it the URL the browser loads.
        demo.site.hostname, demo.site.port = address.hostname, address.port
        demo.site.save(update_fields=["hostname", "port"])
        pages = DemoPages.of(demo, live_server.url)
    yield pages
    with django_db_blocker.unblock():
        # Leave the database as a transactional test leaves it: flushed.
        for alias in connections:
            call_command("flush", database=alias, interactive=False, verbosity=0)


@pytest.fixture(scope="package")
def browser(demo_pages: DemoPages) -> Iterator[Browser]:
    """Headless Chromium, started after the demo site is built and closed before it is
    removed: Playwright's sync API keeps an asyncio loop running on the main thread, and
    Django refuses ORM calls there while it runs (SynchronousOnlyOperation)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_server_helper(
    request: pytest.FixtureRequest, django_db_blocker: Any
) -> Iterator[None]:
    """Replaces pytest-django's helper of this name for the browser tests.

    pytest-django's helper gives each live-server test a transactional database that is
    flushed afterwards, which would remove the package's demo site. This one only opens
    the database while the test runs: pytest-django's block is process-wide, so the live
    server's thread could not reach the database otherwise. (ALLOWED_HOSTS is "*" in
    the test settings, so the helper's ALLOWED_HOSTS change is not needed.)
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def new_context(
    browser: Browser, demo_pages: DemoPages
) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts (fresh profiles) on the live server; closed after the test."""
    contexts: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=demo_pages.base_url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Iterator[Page]:
    """A page in a fresh desktop profile; fails the test on any uncaught script error."""
    tab = new_context().new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    assert not errors, f"Script errors on {tab.url}: {errors}"
