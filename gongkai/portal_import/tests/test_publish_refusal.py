"""An imported item that a publishing rule refuses at the last step (here the inspection's
严重错别字 guard) is kept as a draft with the reason, and the import goes on."""

from django.test import TestCase

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import create_article

from ..services import _publish_unless_flagged


class PublishRefusalTests(TestCase):
    def test_a_refused_item_stays_a_draft_with_the_reason(self):
        page = create_article(title="学习习近乎总书记重要讲话精神")
        reasons: list[str] = []
        _publish_unless_flagged(page, {"published_at": None}, reasons)
        self.assertFalse(ArticlePage.objects.get(pk=page.pk).live)
        self.assertEqual(len(reasons), 1)
        self.assertIn("未确认的严重错别字“习近乎”", reasons[0])

    def test_a_clean_item_is_published(self):
        page = create_article(title="学习习近平总书记重要讲话精神")
        reasons: list[str] = []
        _publish_unless_flagged(page, {"published_at": None}, reasons)
        self.assertTrue(ArticlePage.objects.get(pk=page.pk).live)
        self.assertEqual(reasons, [])
