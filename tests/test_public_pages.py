"""Public column and home pages: listing, pagination, empty state, breadcrumb, footer."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import TestCase
from wagtail.models import Site

from gongkai.catalog.tests.factories import create_article, create_published_article
from gongkai.core.models import SiteIdentity
from gongkai.core.tests.factories import (
    create_column,
    create_home_page,
    create_organisation,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2024, 3, 1, 9, 0, tzinfo=SHANGHAI)


def publish_items(column, count, *, publisher, start=START):
    return [
        create_published_article(
            column=column,
            publisher=publisher,
            title=f"{column.title}信息{i}",
            published_at=start + timedelta(days=i),
        )
        for i in range(count)
    ]


class ColumnPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.publisher = create_organisation()
        cls.home = create_home_page(title="金东区人民政府")
        cls.column = create_column(parent=cls.home, title="政务公开", items_per_page=3)
        cls.subcolumn = create_column(parent=cls.column, title="政府会议")
        cls.leaf = create_column(parent=cls.subcolumn, title="全体会议")

    def get(self, column, **params):
        response = self.client.get(column.url, params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_lists_items_of_all_descendant_columns_newest_first(self):
        """A column lists the items of its sub-columns at any depth, newest 发布时间 first."""
        old = create_published_article(
            column=self.leaf, publisher=self.publisher, title="旧的会议", published_at=START
        )
        new = create_published_article(
            column=self.subcolumn,
            publisher=self.publisher,
            title="新的会议",
            published_at=START + timedelta(days=1),
        )
        titles = [item.title for item in self.get(self.column).context["page_obj"]]
        self.assertEqual(titles, [new.title, old.title])

    def test_drafts_are_not_listed(self):
        """Unpublished items never appear in a column."""
        create_article(column=self.leaf, publisher=self.publisher, title="草稿不公开")
        response = self.get(self.column)
        self.assertNotContains(response, "草稿不公开")

    def test_paginates_with_the_columns_page_size(self):
        """Seven items at three a page make three pages; the last holds the oldest item."""
        items = publish_items(self.leaf, 7, publisher=self.publisher)
        first = self.get(self.column).context["page_obj"]
        self.assertEqual(first.paginator.num_pages, 3)
        self.assertEqual([i.pk for i in first], [p.pk for p in reversed(items[-3:])])
        last = self.get(self.column, page=3)
        self.assertEqual([i.pk for i in last.context["page_obj"]], [items[0].pk])
        self.assertContains(last, "第 3/3 页")

    def test_page_number_out_of_range_shows_the_last_page(self):
        """A bad page number (too large or not a number) still shows a list, never an error."""
        publish_items(self.leaf, 4, publisher=self.publisher)
        for value in ("99", "abc", "-1"):
            with self.subTest(page=value):
                page_obj = self.get(self.column, page=value).context["page_obj"]
                self.assertTrue(len(page_obj) > 0)

    def test_empty_column_shows_an_empty_state(self):
        """A column without items says so instead of rendering a blank page."""
        response = self.get(self.leaf)
        self.assertContains(response, "本栏目暂无信息")
        self.assertContains(response, "返回上级栏目：政府会议")

    def test_breadcrumb_follows_the_tree(self):
        """首页 >> 政务公开 >> 政府会议 >> 全体会议 on the leaf column, the last marked current."""
        response = self.get(self.leaf)
        html = response.content.decode()
        breadcrumb = html[html.index('class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))]
        positions = [breadcrumb.index(t) for t in ("首页", "政务公开", "政府会议", "全体会议")]
        self.assertEqual(positions, sorted(positions))
        self.assertIn('aria-current="page">全体会议', breadcrumb)

    def test_query_count_does_not_grow_with_items(self):
        """Listing 3 or 20 items costs the same number of queries (no per-item query)."""
        self.column.items_per_page = 20
        self.column.save()
        publish_items(self.leaf, 3, publisher=self.publisher)
        self.get(self.column)  # warm Wagtail's site-root cache

        def count_queries():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                self.get(self.column)
            return len(ctx.captured_queries)

        few = count_queries()
        publish_items(self.leaf, 17, publisher=self.publisher, start=START + timedelta(days=30))
        self.assertEqual(count_queries(), few)


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.publisher = create_organisation()
        cls.home = create_home_page(title="金东区人民政府")
        cls.news = create_column(parent=cls.home, title="新闻动态", show_in_menus=True)
        cls.empty = create_column(parent=cls.home, title="政策文件", show_in_menus=True)

    def test_shows_newest_items_of_each_menu_column(self):
        """The home page shows each top column with its newest items, and an empty note."""
        publish_items(self.news, 8, publisher=self.publisher)
        response = self.client.get(self.home.url)
        self.assertContains(response, "新闻动态信息7")
        self.assertNotContains(response, "新闻动态信息1<")  # only the newest six
        self.assertContains(response, "本栏目暂无信息")
        self.assertContains(response, 'aria-label="主导航"')
        self.assertContains(response, '<a href="/apply/">依申请公开</a>', html=True)

    def test_footer_shows_the_site_identity(self):
        """主办单位, 网站标识码, ICP备案号 and 公安备案号 come from the site's settings."""
        site = Site.objects.get(root_page=self.home)
        SiteIdentity.objects.update_or_create(
            site=site,
            defaults={
                "sponsor": "金华市金东区人民政府办公室",
                "site_code": "3307030001",
                "icp_number": "浙ICP备00000000号-1",
                "police_number": "浙公网安备 33070302000001号",
                "phone": "0579-00000000",
            },
        )
        response = self.client.get(self.home.url)
        for text in (
            "主办单位：金华市金东区人民政府办公室",
            "网站标识码：3307030001",
            "浙ICP备00000000号-1",
            "recordcode=33070302000001",
            "联系电话：0579-00000000",
        ):
            self.assertContains(response, text)
