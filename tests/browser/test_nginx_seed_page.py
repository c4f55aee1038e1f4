"""The seed page through the documented nginx configuration, in Chromium: served as
HTML (`text/html; charset=utf-8`), so the browser renders it instead of showing tags.
(The nginx type map once replaced by a `types {}` block served every page as text/plain.)"""

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.test import override_settings
from playwright.sync_api import Browser, expect
from wagtail.models import Site

import gongkai.demo
from gongkai.publishing.services import get_site_folder, publish_site
from tests.nginx_server import NGINX, Nginx

from .demo_site import DemoPages
from .test_public_pages import DESKTOP_CHROME_UA
from .test_static_site import in_thread

pytestmark = pytest.mark.browser
SEED = json.loads(
    (Path(gongkai.demo.__file__).parent / "fixtures" / "seed-page.json").read_text(
        "utf-8"
    )
)


def publish_default_site() -> tuple[Site, Any]:
    """Run in a thread of its own; closes that thread's connection, which would otherwise
    keep the PostgreSQL test database open at teardown."""
    try:
        site = Site.objects.get(is_default_site=True)
        return site, publish_site(site=site)
    finally:
        connections.close_all()


@pytest.fixture(scope="module")
def nginx_base(demo_pages: DemoPages, django_db_blocker: Any) -> Iterator[str]:
    """The demo site published to a temporary root and served by nginx with
    docs/deploy/nginx.conf, the live server as the application."""
    if not os.access(NGINX, os.X_OK):
        pytest.fail(f"{NGINX} is missing: run `make nginx` (Debian's nginx-light).")
    root = tempfile.mkdtemp(prefix="gk-nginx-browser-")
    os.chmod(root, 0o755)  # noqa: S103 - nginx workers must read the tree
    overrides = override_settings(GONGKAI_PUBLISH_ROOT=root)
    overrides.enable()
    try:
        with django_db_blocker.unblock():
            site, report = in_thread(publish_default_site)
        assert report.failures == []
        with Nginx(
            root, urlsplit(demo_pages.base_url).netloc, site_host=get_site_folder(site)
        ) as nginx:
            yield f"http://{site.hostname}:{nginx.port}"
    finally:
        overrides.disable()
        shutil.rmtree(root, ignore_errors=True)


def test_seed_page_through_nginx_renders_as_html(
    nginx_base: str, browser: Browser, demo_pages: DemoPages, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=nginx_base, user_agent=DESKTOP_CHROME_UA)
    context.set_default_timeout(10_000)
    try:
        tab = context.new_page()
        response = tab.goto(demo_pages.seed.path)
        assert response is not None and response.status == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        title = tab.locator("h1.item-title")
        expect(title).to_have_text(SEED["title"])
        crumbs = [
            " ".join(text.split())
            for text in tab.locator("nav.breadcrumb li").all_inner_texts()
        ]
        assert crumbs == SEED["breadcrumb"]
        # Rendered, not shown as source: no tag is visible text.
        body_text = tab.locator("body").inner_text()
        assert "<h1" not in body_text and "<!DOCTYPE" not in body_text.upper()
        screenshot = tmp_path / "seed-page-through-nginx.png"
        tab.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 10_000
    finally:
        context.close()
