from django.test import TestCase

from gongkai.stats.models import ViewCount
from gongkai.stats.services import get_view_count, record_view


class RecordViewTests(TestCase):
    def test_first_view_creates_the_counter(self):
        """A page never viewed starts at 0; its first view makes it 1."""
        self.assertEqual(get_view_count(page_id=42), 0)
        self.assertEqual(record_view(page_id=42), 1)
        self.assertEqual(ViewCount.objects.get(page_id=42).count, 1)

    def test_each_view_adds_one_and_returns_the_new_count(self):
        """Counts grow by one per view, independently per page."""
        counts = [record_view(page_id=7) for _ in range(3)]
        record_view(page_id=8)
        self.assertEqual(counts, [1, 2, 3])
        self.assertEqual(get_view_count(page_id=7), 3)
        self.assertEqual(get_view_count(page_id=8), 1)
