import json
import re
import shutil
import tempfile

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from gongkai.catalog.tests.factories import create_article, publish
from gongkai.publishing.services import get_site_tree, publish_site

from .page_corpus import FILLER_COUNT, at, build_corpus

HEADERS = ["索引号", "名称", "文号", "发布机构", "发布日期", "有效性"]
CATALOG_ITEMS = FILLER_COUNT + 2  # the 通知 and the budget; the meeting is elsewhere


def table_rows(html: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    if body is None:
        return []
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    ]


class CatalogColumnPageTests(TestCase):
    """The column's own (static) page: the first page of its table."""

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()

    def test_lists_items_below_the_column_as_the_catalog_table(self):
        response = self.client.get(self.corpus.catalog.url)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "columns/catalog_page.html")
        html = response.content.decode()
        self.assertEqual(re.findall(r'<th scope="col">(.*?)</th>', html), HEADERS)
        rows = table_rows(html)
        self.assertEqual(len(rows), 10)  # the column's items_per_page
        self.assertContains(
            response, f"共 <strong>{CATALOG_ITEMS}</strong> 条信息", html=False
        )
        self.assertNotIn("区委五届四次全体会议举行", html)

    def test_row_has_the_six_catalog_fields(self):
        response = self.client.get(
            f"/search/catalog/{self.corpus.catalog.pk}/", {"q": "社会保险"}
        )
        notice = self.corpus.notice
        self.assertEqual(
            table_rows(response.content.decode()),
            [
                [
                    notice.index_number,
                    notice.title,
                    "金东政发〔2023〕12号",
                    "金东区人民政府办公室",
                    "2023-03-01",
                    "有效",
                ]
            ],
        )

    def test_every_control_goes_to_the_dynamic_catalog_view(self):
        html = self.client.get(self.corpus.catalog.url).content.decode()
        base = f"/search/catalog/{self.corpus.catalog.pk}/"
        self.assertIn(
            f'<form class="catalog-filter" action="{base}" method="get"', html
        )
        hrefs = re.findall(r'href="([^"]+)"', html)
        for marker in (
            "page=2",
            "sort=oldest",
            "export.csv",
            "export.xlsx",
            "year=",
            "column=",
        ):
            with self.subTest(marker):
                links = [h for h in hrefs if marker in h]
                self.assertTrue(links, f"no link with {marker}")
                self.assertTrue(all(h.startswith(base) for h in links), links)

    def test_only_the_static_page_is_for_search_engines(self):
        self.assertNotContains(
            self.client.get(self.corpus.catalog.url), 'name="robots"'
        )
        dynamic = self.client.get(
            f"/search/catalog/{self.corpus.catalog.pk}/", {"page": "2"}
        )
        self.assertContains(
            dynamic, '<meta name="robots" content="noindex, follow">', html=False
        )

    def test_a_list_mode_column_keeps_its_list(self):
        response = self.client.get(self.corpus.meetings.url)
        self.assertTemplateUsed(response, "columns/column_page.html")
        self.assertNotContains(response, "catalog-table")


class StaticCatalogPageTests(TestCase):
    """The published file of a catalog column follows the index: a newly published item
    is in the table the moment its file is rewritten."""

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()

    def setUp(self):
        root = tempfile.mkdtemp(prefix="gk-catalog-publish-")
        self.addCleanup(shutil.rmtree, root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=root)
        overrides.enable()
        self.addCleanup(overrides.disable)

    def test_newly_published_item_is_in_the_static_table(self):
        site = self.corpus.home.get_site()
        publish_site(site=site)
        page_file = get_site_tree(site) / "zwgk" / "fdzdgknr" / "index.html"
        self.assertIn("catalog-table", page_file.read_text())
        with self.captureOnCommitCallbacks(execute=True):
            publish(
                create_article(
                    column=self.corpus.regulations,
                    publisher=self.corpus.government,
                    title="新发布的规范性文件通知",
                    published_at=at(2026, 1, 1),
                )
            )
        rows = table_rows(
            (get_site_tree(site) / "zwgk" / "fdzdgknr" / "index.html").read_text()
        )
        self.assertEqual(rows[0][1], "新发布的规范性文件通知")


class CatalogViewTests(TestCase):
    """/search/catalog/<id>/: filters, facets, sorting and pages of the same table."""

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()
        cls.url = f"/search/catalog/{cls.corpus.catalog.pk}/"

    def titles(self, **params):
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return [row[1] for row in table_rows(response.content.decode())]

    def test_filters(self):
        corpus = self.corpus
        self.assertEqual(
            self.titles(validity="expired"), ["金东区2021年财政预算执行情况"]
        )
        self.assertEqual(self.titles(q="预算"), ["金东区2021年财政预算执行情况"])
        self.assertEqual(
            self.titles(publisher=str(corpus.government.pk)), [corpus.notice.title]
        )
        self.assertEqual(
            self.titles(document_number="金东政发(2023)12号"), [corpus.notice.title]
        )
        self.assertEqual(
            self.titles(index_number=corpus.budget.index_number), [corpus.budget.title]
        )
        self.assertEqual(
            self.titles(date_from="2022-01-01", date_to="2023-12-31"),
            [corpus.notice.title, corpus.budget.title],
        )

    def test_column_facet_counts_the_subcolumns(self):
        response = self.client.get(self.url)
        column = next(
            group for group in response.context["facets"] if group.name == "column"
        )
        self.assertEqual(
            {link.label: link.count for link in column.links},
            {"规章和规范性文件": 13, "财政预决算": 12},
        )
        self.assertEqual(
            len(self.titles(column=str(self.corpus.finance.pk), page="2")), 2
        )

    def test_sorts_newest_first_by_default_and_oldest_on_request(self):
        oldest = self.titles(sort="oldest")
        self.assertEqual(
            oldest[:2], ["金东区2021年财政预算执行情况", self.corpus.notice.title]
        )
        newest = self.client.get(self.url).context["results"].hits
        dates = [hit.published_on for hit in newest]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_query_count_does_not_grow_with_the_rows(self):
        """A full page of ten rows costs the same queries as a single row."""
        counts = []
        for params in ({}, {"validity": "expired"}):
            self.titles(**params)  # warm Django's and Wagtail's per-process caches
            with CaptureQueriesContext(connection) as queries:
                rows = len(self.titles(**params))
            counts.append((rows, len(queries)))
        self.assertEqual([rows for rows, _ in counts], [10, 1])
        self.assertEqual(counts[0][1], counts[1][1])

    def test_later_pages(self):
        response = self.client.get(self.url, {"page": "3"})
        self.assertEqual(len(table_rows(response.content.decode())), CATALOG_ITEMS - 20)
        self.assertContains(response, "第 3/3 页")

    def test_bad_parameters_show_a_message_and_keep_the_input(self):
        response = self.client.get(self.url, {"page": "abc", "date_from": "明天"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "页码应为正整数，已显示第 1 页。")
        self.assertContains(response, "起始日期格式不对")
        self.assertContains(response, 'value="明天"')
        self.assertEqual(len(table_rows(response.content.decode())), 10)

    def test_no_match_offers_to_clear_and_to_apply(self):
        response = self.client.get(self.url, {"q": "火星探测器"})
        self.assertContains(response, "没有符合条件的信息。")
        self.assertContains(
            response, f'<a href="{self.url}">去掉全部筛选条件</a>', html=False
        )
        self.assertContains(response, 'href="/apply/"')

    def test_only_catalog_mode_columns_have_a_catalog(self):
        self.assertEqual(
            self.client.get(f"/search/catalog/{self.corpus.meetings.pk}/").status_code,
            404,
        )
        self.assertEqual(self.client.get("/search/catalog/999999/").status_code, 404)
        self.corpus.catalog.unpublish()
        self.assertEqual(self.client.get(self.url).status_code, 404)


class AdminEntryPointTests(TestCase):
    """The admin links to the search page and to each catalog-mode column's table."""

    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        cls.corpus = build_corpus()
        cls.admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.com", "pw"
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def test_menu_links_to_the_search_page(self):
        response = self.client.get("/admin/")
        # The sidebar menu is JSON with ASCII escapes.
        self.assertContains(
            response, json.dumps({"name": "public-search", "label": "站内检索"})[1:-1]
        )
        self.assertContains(response, '"url": "/search/?advanced=1"')

    def test_catalog_column_links_to_its_table_and_download(self):
        table = f"/search/catalog/{self.corpus.catalog.pk}/"
        edit = self.client.get(f"/admin/pages/{self.corpus.catalog.pk}/edit/")
        self.assertContains(edit, f'href="{table}"')
        self.assertContains(edit, "查看公开目录表格")
        listing = self.client.get(
            f"/admin/pages/{self.corpus.catalog.get_parent().pk}/"
        )
        self.assertContains(listing, f'href="{table}export.xlsx"')
        other = self.client.get(f"/admin/pages/{self.corpus.meetings.pk}/edit/")
        self.assertNotContains(other, "查看公开目录表格")
