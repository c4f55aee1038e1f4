"""One column context for the static column page and the dynamic catalog page.

The two were written twice and drifted: the dynamic /search/catalog/<id>/ listed every
child page (items included) under 下级栏目, the static page only the child columns
(issue 18). Both now call columns.selectors.column_context; these tests compare what
the reader sees: the page served by ColumnPage.serve, the file the publisher writes,
and the dynamic page.
"""

import re
import shutil
import tempfile
from urllib.parse import urlsplit

from django.http import QueryDict
from django.test import TestCase, override_settings

from gongkai.catalog.tests.factories import create_article, publish
from gongkai.columns.selectors import column_context
from gongkai.publishing.services import get_site_tree, publish_site
from gongkai.search.tests.page_corpus import at, build_corpus

ITEM_IN_THE_CATALOG = "直接发布在公开目录栏目下的通知"


def subcolumn_links(html: str) -> list[tuple[str, str]]:
    """(href, title) of each link in the 下级栏目 navigation."""
    nav = re.search(
        r'<nav class="subcolumns" aria-label="下级栏目">(.*?)</nav>', html, re.S
    )
    if nav is None:
        return []
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1))


class SubcolumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()
        # An item directly in the catalog column: a page below it, but not a column.
        publish(
            create_article(
                column=cls.corpus.catalog,
                publisher=cls.corpus.government,
                title=ITEM_IN_THE_CATALOG,
                published_at=at(2025, 6, 1),
            )
        )
        cls.expected = [
            (urlsplit(column.get_url()).path, column.title)
            for column in (cls.corpus.regulations, cls.corpus.finance)
        ]

    def test_static_and_dynamic_catalog_pages_list_the_same_subcolumns(self):
        static = self.client.get(self.corpus.catalog.url)
        dynamic = self.client.get(f"/search/catalog/{self.corpus.catalog.pk}/")
        self.assertEqual(static.status_code, 200)
        self.assertEqual(dynamic.status_code, 200)
        self.assertEqual(subcolumn_links(static.content.decode()), self.expected)
        self.assertEqual(subcolumn_links(dynamic.content.decode()), self.expected)

    def test_the_published_file_lists_the_same_subcolumns(self):
        root = tempfile.mkdtemp(prefix="gk-column-context-")
        self.addCleanup(shutil.rmtree, root, True)
        with override_settings(GONGKAI_PUBLISH_ROOT=root):
            site = self.corpus.home.get_site()
            publish_site(site=site)
            html = (
                get_site_tree(site) / "zwgk" / "fdzdgknr" / "index.html"
            ).read_text()
        self.assertEqual(subcolumn_links(html), self.expected)
        dynamic = self.client.get(
            f"/search/catalog/{self.corpus.catalog.pk}/", {"sort": "oldest"}
        )
        self.assertEqual(subcolumn_links(dynamic.content.decode()), self.expected)

    def test_an_item_below_the_column_is_not_a_subcolumn(self):
        children = [p.title for p in self.corpus.catalog.get_children().live()]
        self.assertIn(ITEM_IN_THE_CATALOG, children)  # what the old dynamic page listed
        dynamic = self.client.get(f"/search/catalog/{self.corpus.catalog.pk}/")
        links = subcolumn_links(dynamic.content.decode())
        self.assertNotIn(ITEM_IN_THE_CATALOG, [title for _, title in links])

    def test_a_list_column_lists_its_items_not_as_subcolumns(self):
        # 政府会议 holds one item and no column.
        context = column_context(self.corpus.meetings, QueryDict())
        self.assertEqual(list(context["subcolumns"]), [])
        self.assertEqual(
            [item.title for item in context["page_obj"].object_list],
            [self.corpus.meeting.title],
        )
        self.assertNotIn("results", context)
