"""Correct queries stay as typed in the browser (issue #14): 公积金 was once "corrected"
to 公共金, 学区划分 to 东区划分, 拆迁补偿 to 搬迁补偿, and junk shown instead.

The demo corpus holds none of these words, so three items that use them are published
into the demo for this module (and removed after it); the search page is read as an
anonymous visitor, the least-privileged user of the public search.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .demo_site import DemoPages

pytestmark = pytest.mark.browser

ITEMS = {
    "公积金": "关于调整住房公积金缴存基数的通知",
    "学区划分": "2024年城区小学学区划分方案公示",
    "拆迁补偿": "旧城改造项目拆迁补偿安置办法",
}


def _publish_items(seed_title: str) -> list[int]:
    from django.db import connection

    from gongkai.catalog.models import ArticlePage
    from gongkai.catalog.tests.factories import create_article, publish
    from gongkai.search.indexing import rebuild_index

    try:
        seed = ArticlePage.objects.get(title=seed_title)
        column = seed.get_parent().specific
        ids = [
            publish(
                create_article(column=column, publisher=seed.publisher, title=title)
            ).pk
            for title in ITEMS.values()
        ]
        rebuild_index()
        return ids
    finally:
        connection.close()


def _remove_items(ids: list[int]) -> None:
    from django.db import connection
    from wagtail.models import Page

    from gongkai.search.indexing import rebuild_index

    try:
        for page in Page.objects.filter(pk__in=ids):
            page.delete()
        rebuild_index()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def named_items(demo_pages: DemoPages, django_db_blocker: Any) -> Iterator[None]:
    """The ORM runs on a worker thread: Playwright's loop already runs on the main one."""
    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        ids = pool.submit(_publish_items, demo_pages.seed.title).result()
    yield
    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_remove_items, ids).result()


@pytest.mark.parametrize("query", list(ITEMS))
def test_correct_query_is_not_rewritten_and_finds_its_item(
    page: Page, named_items: None, query: str
) -> None:
    page.goto(f"/search/?q={query}")
    expect(page.locator("p.did-you-mean")).to_have_count(0)
    form = page.get_by_role("search", name="检索信息")
    expect(form.get_by_role("searchbox").first).to_have_value(query)
    first = page.locator("ol.hits > li").first
    expect(first.get_by_role("link", name=ITEMS[query])).to_be_visible()
    # Highlighted word by word (学区 划分): together they spell the query.
    marks = first.locator("h2 mark").all_inner_texts()
    assert query in "".join(marks), marks


def test_correction_highlights_the_changed_character(page: Page) -> None:
    """正府信息公开 finds nothing as typed: the corrected query runs, and the character
    the correction changed is marked."""
    page.goto("/search/?q=正府信息公开")
    offer = page.locator("p.did-you-mean")
    expect(offer).to_contain_text("您是不是要找：政府信息公开")
    expect(offer.locator("mark.changed")).to_have_text("政")
    expect(page.locator("ol.hits > li").first).to_be_visible()
