"""Stable column pagination rules (gongkai/core/column_pages.py)."""

from django.test import SimpleTestCase

from gongkai.core.column_pages import (
    ColumnListPage,
    affected_numbered_pages,
    count_numbered_pages,
    numbered_page_slice,
)


class ColumnPagesTests(SimpleTestCase):
    def test_numbered_pages_exist_only_beyond_the_front_page(self):
        self.assertEqual([count_numbered_pages(n, 20) for n in (0, 20, 21, 40, 41)], [0, 0, 2, 2, 3])

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
        self.assertEqual(affected_numbered_pages(position=45, old_pages=3, new_pages=3, per_page=20), 3)
        # The 61st item opens page 4: page 3's "newer" link changes too.
        self.assertEqual(affected_numbered_pages(position=60, old_pages=3, new_pages=4, per_page=20), 3)
        # An item at position 5 leaves: every page from page 1 shifts.
        self.assertEqual(affected_numbered_pages(position=5, old_pages=3, new_pages=3, per_page=20), 1)

    def test_navigation_links(self):
        front = ColumnListPage(None, 45, 20, list(range(20)))
        self.assertEqual((front.newer_number, front.older_number, front.has_newer), (None, 2, False))
        last = ColumnListPage(3, 45, 20, list(range(5)))
        self.assertEqual((last.newer_number, last.older_number, last.has_newer), (None, 2, True))
        self.assertEqual((last.first_item_ordinal, last.last_item_ordinal), (41, 45))
        oldest = ColumnListPage(1, 45, 20, list(range(20)))
        self.assertEqual((oldest.newer_number, oldest.older_number), (2, None))
