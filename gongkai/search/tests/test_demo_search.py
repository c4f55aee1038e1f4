"""The issue's "done when" queries on the demo site (seed page, 图解, 40 items)."""

from django.test import TestCase
from wagtail.models import Page

from gongkai.demo.builder import build_demo_site
from gongkai.search import analysis
from gongkai.search.results import SearchQuery
from gongkai.search.selectors import search_items


class DemoSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.demo = build_demo_site(item_count=40)
        cls.seed = cls.demo.seed_page

    def setUp(self):
        analysis.reset()

    def search(self, text):
        return search_items(query=SearchQuery(text=text))

    def test_seed_page_is_first_for_its_own_terms(self):
        for text in ("八八战略", "bada zhanlue", "330703000000/2023-153702"):
            with self.subTest(text=text):
                self.assertEqual(self.search(text).hits[0].page_id, self.seed.pk)

    def test_index_number_goes_straight_to_the_seed(self):
        self.assertEqual(
            self.search("330703000000/2023-153702").direct_url, self.seed.get_url()
        )

    def test_meeting_query_lists_the_meetings_with_the_seed(self):
        results = self.search("全体会议")
        self.assertIn(self.seed.pk, [h.page_id for h in results.hits[:10]])
        self.assertTrue(all("全体会议" in h.title for h in results.hits[:5]))

    def test_seed_is_first_for_meeting_before_its_graphic(self):
        """The seed article, not its shorter-titled 图解, answers 全体会议 first."""
        ids = [h.page_id for h in self.search("全体会议").hits]
        self.assertEqual(ids[0], self.seed.pk)
        self.assertLess(
            ids.index(self.seed.pk), ids.index(self.demo.graphic_interpretation.pk)
        )

    def test_misspelling_is_corrected_to_disclosure(self):
        results = self.search("正府信息公开")
        self.assertEqual(results.corrected_text, "政府信息公开")
        self.assertIn("政府信息公开", results.hits[0].title)

    def test_several_misspelt_spans_are_corrected(self):
        results = self.search("正府信息 社会保现")
        self.assertEqual(results.corrected_text, "政府信息 社会保险")
        self.assertGreater(results.total, 0)

    def test_synonym_finds_social_insurance(self):
        results = self.search("社保")
        self.assertGreater(results.total, 0)
        self.assertIn("社会保险", results.hits[0].title)

    def test_admin_search_finds_the_seed(self):
        """The same queries in the admin (Wagtail backend) find the seed page."""
        for text in (
            "八八战略",
            "bada zhanlue",
            "330703000000/2023-153702",
            "全体会议",
        ):
            with self.subTest(text=text):
                found = [p.pk for p in Page.objects.search(text)[:10]]
                self.assertIn(self.seed.pk, found)
        self.assertIn("政府信息公开", Page.objects.search("正府信息公开")[0].title)
        self.assertIn("社会保险", Page.objects.search("社保")[0].title)
