"""上一篇/下一篇 and column counts computed for many items at once (a full publish)
against the queries that answer them one item or column at a time (an incremental
publish, the dynamic page)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.test import TestCase
from wagtail.models import Page, PageViewRestriction

from gongkai.catalog.models import DisclosurePage
from gongkai.catalog.selectors import (
    attach_item_neighbours,
    count_items_below,
    get_item_neighbours,
)
from gongkai.columns.models import ColumnPage
from gongkai.core.tests.factories import create_column

from .factories import create_article, create_published_article

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2025, 6, 1, 12, 0, tzinfo=SHANGHAI)


def live_public_pages() -> list[Page]:
    """What a full publish reads (publishing.targets.list_site_pages)."""
    return list(Page.objects.live().public().order_by("path").specific())


class ColumnSiteTestCase(TestCase):
    """A column of 5 items (two with one 发布时间), a draft, a private item, a
    subcolumn's item and another column's item."""

    @classmethod
    def setUpTestData(cls):
        cls.column = create_column(title="通知公告")
        cls.other = create_column(parent=cls.column.get_parent(), title="政策解读")
        publish_times = [
            NOON,
            NOON + timedelta(days=1),
            NOON,  # the same 发布时间 as the first: ordered by id
            NOON - timedelta(days=3),
            NOON + timedelta(days=5),
        ]
        cls.items = [
            create_published_article(column=cls.column, published_at=when)
            for when in publish_times
        ]
        # Not a neighbour of anything: a draft, a private item, another column's item.
        create_article(column=cls.column, published_at=NOON + timedelta(hours=1))
        private = create_published_article(
            column=cls.column, published_at=NOON + timedelta(hours=2)
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        create_published_article(
            column=cls.other, published_at=NOON + timedelta(hours=3)
        )
        # Counted in its column and in the column above it, not its neighbour.
        cls.sub = create_column(parent=cls.column, title="部门通知")
        create_published_article(column=cls.sub, published_at=NOON)


class AttachItemNeighboursTests(ColumnSiteTestCase):
    def test_equal_to_the_query_for_every_item(self):
        pages = live_public_pages()
        attach_item_neighbours(pages)
        items = [page for page in pages if isinstance(page, DisclosurePage)]
        self.assertEqual(len(items), 7)  # 5 in the column, 1 below it, 1 in the other
        for item in items:
            with self.subTest(item=item.title):
                expected = get_item_neighbours(
                    column_path=item.path[: -Page.steplen],
                    published_at=item.published_at,
                    item_id=item.pk,
                )
                attached = item._gongkai_item_neighbours
                self.assertEqual(
                    [each and each.pk for each in attached],
                    [each and each.pk for each in expected],
                )

    def test_newest_first_with_ties_broken_by_id(self):
        pages = live_public_pages()
        attach_item_neighbours(pages)
        by_id = {page.pk: page for page in pages}
        a, b, c, d, e = (by_id[item.pk] for item in self.items)
        # Listed newest first: e, b, c, a, d (a and c share a 发布时间; c has the larger id).
        self.assertEqual(
            [each and each.pk for each in a._gongkai_item_neighbours], [c.pk, d.pk]
        )
        self.assertEqual(
            [each and each.pk for each in e._gongkai_item_neighbours], [None, b.pk]
        )
        self.assertEqual(
            [each and each.pk for each in d._gongkai_item_neighbours], [a.pk, None]
        )

    def test_the_tag_answers_attached_neighbours_without_a_query(self):
        pages = live_public_pages()
        attach_item_neighbours(pages)
        item = next(page for page in pages if page.pk == self.items[0].pk)
        template = Template(
            "{% load catalog_tags %}{% item_neighbours page as n %}"
            "{{ n.newer.title }}|{{ n.older.title }}"
        )
        with self.assertNumQueries(0):
            shown = template.render(Context({"page": item}))
        self.assertEqual(shown, f"{self.items[2].title}|{self.items[3].title}")


class CountItemsBelowTests(ColumnSiteTestCase):
    def test_equal_to_each_columns_count_query(self):
        counts = count_items_below(live_public_pages())
        columns = list(ColumnPage.objects.all())
        self.assertEqual(len(columns), 3)
        for column in columns:
            with self.subTest(column=column.title):
                self.assertEqual(counts.get(column.path, 0), column.count_list_items())
        self.assertEqual(counts[self.column.path], 6)  # 5 of its own + 1 below
        self.assertEqual(counts[self.sub.path], 1)
