"""A small published site in a temporary publish root."""

import shutil
import tempfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import TestCase, override_settings
from wagtail.models import Site

from gongkai.catalog.tests.factories import create_published_article
from gongkai.core.tests.factories import (
    create_column,
    create_home_page,
    create_organisation,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2024, 3, 1, 9, 0, tzinfo=SHANGHAI)


class PublishRootTestCase(TestCase):
    """Each test gets an empty publish root; the site: 首页 > 政务公开 (2 a page) > 会议."""

    site: Site  # set by build_small_site

    def setUp(self) -> None:
        super().setUp()
        self.root = tempfile.mkdtemp(prefix="gk-publish-test-")
        self.addCleanup(shutil.rmtree, self.root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)

    @classmethod
    def setUpTestData(cls) -> None:
        build_small_site(cls)

    @classmethod
    def add_item(cls, column, number, **fields):
        return add_item(column, number, publisher=cls.publisher, **fields)


def build_small_site(holder) -> None:
    """Set the site's pages as attributes of `holder` (a test class or case)."""
    holder.publisher = create_organisation()
    holder.home = create_home_page(title="金东区人民政府")
    holder.site = holder.home.get_site()
    holder.column = create_column(
        parent=holder.home,
        title="政务公开",
        slug="zwgk",
        items_per_page=2,
        show_in_menus=True,
    )
    holder.leaf = create_column(
        parent=holder.column, title="政府会议", slug="hy", items_per_page=2
    )
    holder.other = create_column(
        parent=holder.home,
        title="通知公告",
        slug="tzgg",
        items_per_page=2,
        show_in_menus=True,
    )
    holder.items = [
        add_item(holder.leaf, i, publisher=holder.publisher) for i in range(3)
    ]


def add_item(column, number, *, publisher, **fields):
    return create_published_article(
        column=column,
        publisher=publisher,
        title=f"会议信息{number}",
        slug=f"item-{number}",
        published_at=START + timedelta(days=number),
        **fields,
    )
