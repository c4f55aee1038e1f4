from unittest import mock

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.search.backends import get_search_backend

from gongkai.catalog.models import ArticlePage
from gongkai.core.tests.factories import create_column
from gongkai.search import analysis
from gongkai.search.backends import database
from gongkai.search.backends.database import query_words, segment_value

from .factories import create_indexed_article


class SegmentingTests(TestCase):
    def test_index_form_has_words_and_units(self):
        self.assertEqual(
            segment_value("全体会议"), "全体 体会 会议 全体会议 全 体 会 议"
        )

    def test_query_words_carry_their_unit_phrase(self):
        self.assertEqual(query_words("全體會議"), [("全体会议", "全 体 会 议")])


class ChineseBackendTests(TestCase):
    """The admin's searches (Wagtail backend) find Chinese words inside sentences."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.column = create_column(title="政府会议")
            cls.meeting = create_indexed_article(
                column=cls.column,
                title="区委五届四次全体会议举行",
                body="深入学习贯彻八八战略",
            )
            cls.notice = create_indexed_article(
                column=cls.column,
                title="关于全面推进社会保险经办的通知",
                body="会议指出",
            )

    def setUp(self):
        analysis.reset()

    def test_backend_is_the_chinese_one(self):
        self.assertIn("Chinese", type(get_search_backend()).__name__)

    def test_page_search_matches_mid_sentence_words(self):
        for text, expected in [
            ("全体会议", [self.meeting.pk]),
            ("八八战略", [self.meeting.pk]),
            ("五届", [self.meeting.pk]),
            ("汛", []),
            ("社会保险", [self.notice.pk]),
        ]:
            with self.subTest(text=text):
                found = [p.pk for p in ArticlePage.objects.search(text)]
                self.assertEqual(found, expected)

    def test_query_is_understood_once_per_search(self):
        """The empty-query check and the expression share one understanding of the query
        (it may look up the vocabulary and try a correction)."""
        with mock.patch.object(
            database, "query_readings", wraps=database.query_readings
        ) as spy:
            found = [p.pk for p in ArticlePage.objects.search("全体会议")]
        self.assertEqual(found, [self.meeting.pk])
        self.assertEqual(spy.call_count, 1)

    def test_nothing_searchable_finds_nothing(self):
        for text in ("", "  ", "！？", 'NEAR( "'):
            with self.subTest(text=text):
                self.assertEqual(list(ArticlePage.objects.search(text)), [])

    def test_title_weighs_more_than_body(self):
        """会议 is in one title and in the other body: the title match ranks first."""
        found = [p.pk for p in ArticlePage.objects.search("会议")]
        self.assertEqual(found, [self.meeting.pk, self.notice.pk])

    def test_admin_page_search_view(self):
        user = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
        self.client.force_login(user)
        response = self.client.get(
            reverse("wagtailadmin_pages:search"), {"q": "全体会议"}
        )
        self.assertContains(response, "区委五届四次全体会议举行")
        self.assertNotContains(response, "关于全面推进社会保险经办的通知")

    def test_document_search(self):
        with self.captureOnCommitCallbacks(execute=True):
            Document.objects.create(
                title="2023年政府信息公开工作年度报告",
                file=ContentFile(b"x", name="r.txt"),
            )
        self.assertEqual(
            [d.title for d in Document.objects.search("年度报告")],
            ["2023年政府信息公开工作年度报告"],
        )


class DictionaryAdminTests(TestCase):
    def test_editors_can_list_and_add_terms(self):
        """The user dictionary and synonyms are snippets in the admin, preloaded."""
        user = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
        self.client.force_login(user)
        response = self.client.get(reverse("wagtailsnippets_search_userterm:list"))
        self.assertContains(response, "八八战略")
        response = self.client.get(reverse("wagtailsnippets_search_synonymset:list"))
        self.assertContains(response, "社保 / 社会保险")
        response = self.client.post(
            reverse("wagtailsnippets_search_userterm:add"),
            {"word": "浙里办事", "note": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("浙里办事", analysis.get_segmenter().user_words)
