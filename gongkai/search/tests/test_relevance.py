"""Relevance on the fixture (240 items from the government work reports, 62 queries):
ours (public search and admin backend) against stock Wagtail's database backend."""

from django.test import TestCase
from modelsearch.backends.database import SearchBackend as StockSearchBackend

from gongkai.catalog.models import ArticlePage, DisclosurePage
from gongkai.search import analysis
from gongkai.search.results import SearchQuery
from gongkai.search.selectors import search_items

from .relevance import build_items, load_fixture, measure

MIN_RECALL = 0.90
MIN_MRR = 0.85


def public_search(text: str) -> list[int]:
    results = search_items(query=SearchQuery(text=text, per_page=10, with_facets=False))
    return [hit.page_id for hit in results.hits]


def backend_search(backend):
    def search(text: str) -> list[int]:
        if not text.strip():
            return []
        return [page.pk for page in backend.search(text, ArticlePage)[:10]]

    return search


class RelevanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fixture = load_fixture()
        with cls.captureOnCommitCallbacks(execute=True):
            cls.keys = build_items(cls.fixture)
        cls.index_numbers = dict(
            DisclosurePage.objects.values_list("pk", "index_number")
        )

    def setUp(self):
        analysis.reset()

    def test_public_search_meets_thresholds(self):
        result = measure(self.fixture, self.keys, self.index_numbers, public_search)
        print("\n" + result.line("gongkai public search"), "misses:", result.misses)
        self.assertGreaterEqual(result.recall, MIN_RECALL)
        self.assertGreaterEqual(result.mrr, MIN_MRR)

    def test_admin_backend_beats_stock_wagtail(self):
        """The Chinese Wagtail backend (admin searches) against stock Wagtail's database
        backend indexing the same pages: the stock backend cannot match words inside
        a run of Han characters."""
        from wagtail.search.backends import get_search_backend

        ours = measure(
            self.fixture,
            self.keys,
            self.index_numbers,
            backend_search(get_search_backend()),
        )
        stock = StockSearchBackend({})
        stock_index = stock.get_index_for_model(ArticlePage)
        stock_index.add_items(ArticlePage, list(ArticlePage.objects.all()))
        baseline = measure(
            self.fixture, self.keys, self.index_numbers, backend_search(stock)
        )
        print(
            "\n"
            + ours.line("gongkai Wagtail backend")
            + "\n"
            + baseline.line("stock Wagtail database backend")
        )
        self.assertGreater(ours.recall, baseline.recall + 0.3)
        self.assertGreaterEqual(ours.recall, MIN_RECALL)
        self.assertGreaterEqual(ours.mrr, 0.75)
