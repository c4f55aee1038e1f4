"""Stable column pagination rules (gongkai/core/column_pages.py)."""

from django.test import SimpleTestCase

from gongkai.columns.column_pages import (
    ColumnListPage,
    affected_numbered_pages,
    count_numbered_pages,
    numbered_page_slice,
)


class ColumnPagesTests(SimpleTestCase):
    def test_numbered_pages_exist_only_beyond_the_front_page(self):
        self.assertEqual(
            [count_numbered_pages(n, 20) for n in (0, 20, 21, 40, 41)], [0, 0, 2, 2, 3]
        )

    def test_pages_count_from_the_oldest_item(self):
        """45 items, 20 a page: page 1 = the 20 oldest (newest-first slice 25..45), page 3 = the 5 newest."""
        self.assertEqual(numbered_page_slice(1, 45, 20), (25, 45))
        self.assertEqual(numbered_page_slice(2, 45, 20), (5, 25))
        self.assertEqual(numbered_page_slice(3, 45, 20), (0, 5))

    def test_a_page_keeps_its_items_when_newer_items_arrive(self):
        """Page 1 holds the same 20 oldest items whatever the newer count."""
        for count in (45, 46, 60, 61, 1000):
            start, stop = numbered_page_slice(1, count, 20)
            self.assertEqual((count - stop, count - start), (0, 20))

    def test_affected_pages_start_at_the_change_or_the_last_pages(self):
        # A new newest item (position 45 of 46): only page 3 (the last) changes.
        self.assertEqual(
            affected_numbered_pages(position=45, old_pages=3, new_pages=3, per_page=20),
            3,
        )
        # The 61st item opens page 4: every label (第N页, counted from the newest) changes.
        self.assertEqual(
            affected_numbered_pages(position=60, old_pages=3, new_pages=4, per_page=20),
            1,
        )
        # The last item of page 4 leaves (61 -> 60 items): again every label changes.
        self.assertEqual(
            affected_numbered_pages(position=60, old_pages=4, new_pages=3, per_page=20),
            1,
        )
        # An item at position 5 leaves: every page from page 1 shifts.
        self.assertEqual(
            affected_numbered_pages(position=5, old_pages=3, new_pages=3, per_page=20),
            1,
        )

    def test_navigation_links(self):
        front = ColumnListPage(None, 45, 20, list(range(20)))
        self.assertEqual(
            (front.newer_number, front.older_number, front.has_newer), (None, 2, False)
        )
        last = ColumnListPage(3, 45, 20, list(range(5)))
        self.assertEqual(
            (last.newer_number, last.older_number, last.has_newer), (None, 2, True)
        )
        self.assertEqual((last.first_item_ordinal, last.last_item_ordinal), (41, 45))
        # Page 2 (labelled 第2页) leads back to the front page, not to page 3, its subset.
        self.assertIsNone(ColumnListPage(2, 45, 20, list(range(20))).newer_number)
        oldest = ColumnListPage(1, 45, 20, list(range(20)))
        self.assertEqual((oldest.newer_number, oldest.older_number), (2, None))
        self.assertIsNone(ColumnListPage(1, 65, 20, []).older_number)
        self.assertEqual(ColumnListPage(2, 65, 20, []).newer_number, 3)

    def test_labels_count_from_the_newest(self):
        """105 items, 10 a page: numbered pages 1..11 (from the oldest); readers see the
        front page as 第1页, page 10 as 第2页 ... page 1 as 第11页 (尾页)."""
        cases = [(None, 1), (11, 1), (10, 2), (9, 3), (2, 10), (1, 11)]
        for number, label in cases:
            with self.subTest(number=number):
                page = ColumnListPage(number, 105, 10, [])
                self.assertEqual(page.label, label)
                self.assertEqual(page.label_count, 11)
                self.assertEqual(
                    page.number_of_label(label), None if label == 1 else number
                )

    def test_labels_of_a_column_without_numbered_pages(self):
        front = ColumnListPage(None, 7, 10, list(range(7)))
        self.assertEqual(
            (front.label, front.label_count, front.page_links()), (1, 1, [(1, None)])
        )

    def test_page_links_are_a_window_of_labels_around_the_page(self):
        self.assertEqual(
            ColumnListPage(None, 105, 10, []).page_links(), [(1, None), (2, 10), (3, 9)]
        )
        self.assertEqual(
            ColumnListPage(6, 105, 10, []).page_links(),
            [(4, 8), (5, 7), (6, 6), (7, 5), (8, 4)],
        )
        self.assertEqual(
            ColumnListPage(1, 105, 10, []).page_links(), [(9, 3), (10, 2), (11, 1)]
        )

    def test_the_newest_label_leads_to_the_front_page_and_the_last_to_page_1(self):
        """第1页 is the front page whatever the count; 第K页 (尾页) is numbered page 1."""
        for count in (11, 21, 99, 100, 101):
            with self.subTest(count=count):
                page = ColumnListPage(None, count, 10, [])
                self.assertIsNone(page.number_of_label(1))
                self.assertEqual(page.number_of_label(page.label_count), 1)
