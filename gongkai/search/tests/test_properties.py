"""Any query text returns results or a clear message, never an exception (both databases)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongkai.catalog.models import ArticlePage
from gongkai.search import analysis
from gongkai.search.results import SearchQuery, SearchResults
from gongkai.search.selectors import search_items

from .factories import create_indexed_article

NASTY = [
    "",
    " ",
    "NEAR(",
    'NEAR("a" "b")',
    '"',
    '""',
    '"政府',
    "*",
    "政府*",
    "AND",
    "OR NOT",
    "a AND OR b",
    "title:政府",
    "{title body}:x",
    "^政府",
    "'; DROP TABLE search_searchdocument; --",
    "1' OR '1'='1",
    "%",
    "_",
    "\\",
    "\x00",
    "()",
    "(((",
    "!政府 & | <->",
    ":*",
    "＊",
    "〔〕",
    "【】",
    "。。。",
    "😀",
    "a" * 10_000,
    "政府" * 5_000,
    "330703000000/2023-153702",
    "金东政发[2023]",
    "〔2023〕12号",
]
query_texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(
        alphabet=st.sampled_from(list("政府信息公开\"*()^:{}-+NEARORAND'; \\%_")),
        max_size=60,
    ),
    st.lists(st.sampled_from(NASTY), max_size=4).map(" ".join),
)


class AnyQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            create_indexed_article(
                title="区委五届四次全体会议举行",
                body="深入学习贯彻八八战略，推进政府信息公开。",
            )

    def setUp(self):
        analysis.reset()

    @settings(
        max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        text=query_texts,
        title_only=st.booleans(),
        number=st.sampled_from(["", "2023", "'\""]),
    )
    def test_public_search_never_raises(self, text, title_only, number):
        results = search_items(
            query=SearchQuery(
                text=text,
                title_only=title_only,
                index_number=number,
                document_number=number,
                per_page=5,
            )
        )
        self.assertIsInstance(results, SearchResults)
        if text.strip() and not results.total and not results.message:
            # Nothing found for real words: fine, but the result must still be complete.
            self.assertEqual(results.hits, [])

    @settings(
        max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(text=query_texts)
    def test_admin_backend_never_raises(self, text):
        list(ArticlePage.objects.search(text)[:5])

    def test_punctuation_and_operators_give_a_message(self):
        for text in ("。，！", '"', "*", "()"):
            with self.subTest(text=text):
                self.assertIn(
                    "没有可检索的文字",
                    search_items(query=SearchQuery(text=text)).message,
                )

    def test_long_query_is_cut_with_a_message(self):
        results = search_items(query=SearchQuery(text="政府" * 5_000))
        self.assertIn("检索词过长", results.message)
        self.assertEqual(results.total, 1)
