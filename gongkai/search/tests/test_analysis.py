from unittest import mock

from django.test import TestCase

from gongkai.search import analysis
from gongkai.search.models import UserTerm


class SegmenterCacheTests(TestCase):
    def test_expired_cache_keeps_the_segmenter_while_the_dictionary_is_unchanged(self):
        """Past CACHE_SECONDS the dictionary is re-read, but the segmenter is rebuilt only
        when a word changed (as when another process saved a term)."""
        analysis.reset()
        self.addCleanup(
            analysis.reset
        )  # the rolled-back term must not outlive the test
        first = analysis.get_segmenter()
        with mock.patch.object(analysis, "CACHE_SECONDS", -1.0):
            self.assertIs(analysis.get_segmenter(), first)
            UserTerm.objects.bulk_create(
                [UserTerm(word="浙里办事")]
            )  # no signal: another process
            renewed = analysis.get_segmenter()
        self.assertIsNot(renewed, first)
        self.assertIn("浙里办事", renewed.user_words)
        self.assertNotIn("浙里办事", first.user_words)
