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
            column=self.leaf,
            publisher=self.publisher,
            title="旧的会议",
            published_at=START,
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
        """Seven items at three a page: the front page shows the newest three; numbered
        pages count from the oldest (stable pagination): page 1 = items 0-2, page 2 =
        items 3-5, page 3 = item 6, so a new item never shifts pages 1 and 2. Labels
        count from the newest: the front page is 第1页, page 2 第2页, page 1 第3页 (尾页)."""
        items = publish_items(self.leaf, 7, publisher=self.publisher)
        first = self.get(self.column).context["page_obj"]
        self.assertEqual(first.num_pages, 3)
        self.assertEqual([i.pk for i in first], [p.pk for p in reversed(items[-3:])])
        path = self.column.relative_url(self.column.get_site())
        front = self.get(self.column)
        self.assertContains(front, "共 7 条，共 3 页")
        self.assertContains(front, f'href="{path}page/2/" rel="next"')
        self.assertContains(front, f'href="{path}page/1/">尾页')
        oldest = self.client.get(f"{path}page/1/")
        self.assertEqual(
            [i.pk for i in oldest.context["page_obj"]],
            [p.pk for p in reversed(items[:3])],
        )
        self.assertContains(oldest, "第 3 页，共 3 页")
        self.assertContains(oldest, f'href="{path}page/2/" rel="prev"')
        self.assertNotContains(oldest, 'rel="next"')
        self.assertNotContains(oldest, "共 7 条")
        newest = self.client.get(f"{path}page/3/")
        self.assertEqual([i.pk for i in newest.context["page_obj"]], [items[6].pk])
        self.assertContains(
            newest, "第 1 页，共 3 页"
        )  # its item is on the front page too
        self.assertContains(
            newest, f'href="{path}" aria-current="page" aria-label="第1页"'
        )
        self.assertContains(newest, f'href="{path}page/2/" rel="next"')

    def test_a_new_item_leaves_older_numbered_pages_unchanged(self):
        """Stable pagination: after one more item, pages 1 and 2 have the same bytes."""
        publish_items(self.leaf, 7, publisher=self.publisher)
        path = self.column.relative_url(self.column.get_site())
        before = {n: self.client.get(f"{path}page/{n}/").content for n in (1, 2, 3)}
        publish_items(
            self.leaf, 1, publisher=self.publisher, start=START + timedelta(days=30)
        )
        for n in (1, 2):
            with self.subTest(page=n):
                self.assertEqual(self.client.get(f"{path}page/{n}/").content, before[n])
        self.assertNotEqual(self.client.get(f"{path}page/3/").content, before[3])

    def test_old_query_string_pages_redirect_to_path_urls(self):
        """?page=N redirects to numbered page N if it exists, otherwise to the front page."""
        publish_items(self.leaf, 4, publisher=self.publisher)
        self.column_path = self.column.relative_url(self.column.get_site())
        cases = {
            "2": f"{self.column_path}page/2/",
            "1": f"{self.column_path}page/1/",
            "99": self.column_path,
            "abc": self.column_path,
            "-1": self.column_path,
        }
        for value, target in cases.items():
            with self.subTest(page=value):
                response = self.client.get(self.column.url, {"page": value})
                self.assertRedirects(response, target, status_code=301)

    def test_list_pages_beyond_the_last_are_not_found(self):
        """page/0/ and page/N/ past the last numbered page are a 404; a column that fits
        on its front page has no numbered pages."""
        publish_items(self.leaf, 4, publisher=self.publisher)
        self.column_path = self.column.relative_url(self.column.get_site())
        self.assertEqual(self.client.get(f"{self.column_path}page/2/").status_code, 200)
        self.assertEqual(self.client.get(f"{self.column_path}page/0/").status_code, 404)
        self.assertEqual(self.client.get(f"{self.column_path}page/3/").status_code, 404)
        leaf_path = self.subcolumn.relative_url(self.column.get_site())
        self.assertEqual(self.client.get(f"{leaf_path}page/1/").status_code, 404)

    def test_a_catalog_column_has_no_numbered_pages(self):
        """A catalog-mode column shows the catalog table (served under /search/ beyond its
        first page): page/N/ is a 404 as on the static site, ?page=N goes to the front,
        and the column's list is neither counted nor loaded."""
        from gongkai.core.enums import ColumnListMode

        publish_items(self.leaf, 4, publisher=self.publisher)
        self.column.list_mode = ColumnListMode.CATALOG
        self.column.save()
        path = self.column.relative_url(self.column.get_site())
        front = self.get(self.column)
        self.assertNotIn("page_obj", front.context)
        self.assertTemplateUsed(front, "columns/catalog_page.html")
        self.assertEqual(self.client.get(f"{path}page/1/").status_code, 404)
        self.assertRedirects(
            self.client.get(path, {"page": "2"}), path, status_code=301
        )

    def test_empty_column_shows_an_empty_state(self):
        """A column without items says so instead of rendering a blank page."""
        response = self.get(self.leaf)
        self.assertContains(response, "本栏目暂无信息")
        self.assertContains(response, "返回上级栏目：政府会议")

    def test_breadcrumb_follows_the_tree(self):
        """首页 >> 政务公开 >> 政府会议 >> 全体会议 on the leaf column, the last marked current."""
        response = self.get(self.leaf)
        html = response.content.decode()
        breadcrumb = html[
            html.index('class="breadcrumb"') : html.index(
                "</nav>", html.index('class="breadcrumb"')
            )
        ]
        positions = [
            breadcrumb.index(t) for t in ("首页", "政务公开", "政府会议", "全体会议")
        ]
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
        publish_items(
            self.leaf, 17, publisher=self.publisher, start=START + timedelta(days=30)
        )
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
