"""The correction's language model off the request path (lm_store.py): the worker
builds and stores it after the index changes; a request only loads it, and with no
model stored proposes no correction."""

from unittest import mock

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from gongkai.core.signals import worker_started
from gongkai.search import indexing, lm_store, result_cache, views
from gongkai.search.language_model import CharModel
from gongkai.search.models import StoredLanguageModel
from gongkai.search.results import SearchQuery

from .factories import create_indexed_article
from .page_corpus import build_corpus

TITLE = "关于政府信息公开工作的通知"
BODY = "政府信息公开是政府工作的重要内容，政府信息公开目录按年更新。"
TYPO = "社会保现补贴"  # corrected to 社会保险补贴 with the corpus's model (test_views)


def corrected(text: str = TYPO) -> str:
    return views.run_search(SearchQuery(text=text)).corrected_text


class ModelStoreTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Indexed, and its model built as `gongkai search rebuild` does; the commit
        # callbacks run (and leave none pending that a test's commit would skip).
        with cls.captureOnCommitCallbacks(execute=True):
            build_corpus()

    def setUp(self):
        result_cache.clear()
        lm_store.forget_loaded()
        self.addCleanup(result_cache.clear)
        self.addCleanup(lm_store.forget_loaded)

    def drop_model(self) -> None:
        StoredLanguageModel.objects.all().delete()
        result_cache.forget_versions()

    def publish_items(self, count: int = 2) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            for n in range(count):
                create_indexed_article(title=f"{TITLE}（{n + 1}）", body=BODY)

    def test_publishing_builds_and_stores_the_model_after_commit(self):
        self.drop_model()
        self.publish_items()
        stored = StoredLanguageModel.objects.get()
        self.assertEqual(stored.generation, result_cache.current_generation())
        self.assertGreater(stored.characters, 0)
        self.assertIn("社会保险", corrected())

    def test_a_request_never_builds_the_model(self):
        """No model stored yet: the search answers, without a correction, and builds
        nothing; once the worker stored one, the same search corrects."""
        self.assertIn("社会保险", corrected())
        self.drop_model()
        lm_store.forget_loaded()
        with mock.patch.object(CharModel, "from_texts", side_effect=AssertionError):
            self.assertEqual(corrected(), "")
            self.assertFalse(StoredLanguageModel.objects.exists())
        self.assertTrue(lm_store.build_if_stale())  # the worker's build
        lm_store.forget_loaded()
        with mock.patch.object(CharModel, "from_texts", side_effect=AssertionError):
            self.assertIn("社会保险", corrected())

    @override_settings(GONGKAI_SEARCH_CACHE_ENTRIES=8)
    def test_an_answer_cached_before_the_model_was_stored_is_not_kept(self):
        self.drop_model()
        self.assertEqual(corrected(), "")
        lm_store.build_if_stale()
        self.assertIn("社会保险", corrected())

    def test_the_model_is_rebuilt_only_when_the_generation_changed(self):
        self.publish_items()
        self.assertFalse(lm_store.build_if_stale())
        result_cache.bump_generation()
        self.assertTrue(lm_store.build_if_stale())
        self.assertFalse(lm_store.build_if_stale())

    def test_one_build_asked_per_transaction_however_many_index_writes(self):
        self.publish_items()
        ids = [d.pk for d in indexing.SearchDocument.objects.all()]
        build = mock.patch.object(lm_store, "build_if_stale")
        with build as built, self.captureOnCommitCallbacks(execute=True):
            with transaction.atomic():
                indexing.index_items(ids[:1])
                indexing.index_items(ids[1:])
                result_cache.bump_generation()
            self.assertEqual(built.call_count, 0)  # not before the commit
        self.assertEqual(built.call_count, 1)

    def test_a_rolled_back_index_write_asks_for_no_build(self):
        build = mock.patch.object(lm_store, "build_if_stale")
        with build as built, self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    result_cache.bump_generation()
                    raise RuntimeError
            except RuntimeError:
                pass
        built.assert_not_called()

    def test_rebuild_command_builds_it_once_at_the_end(self):
        self.drop_model()
        built = []
        real = lm_store.build_if_stale

        def build(**kwargs):
            built.append(real(**kwargs))
            return built[-1]

        patch = mock.patch.object(lm_store, "build_if_stale", side_effect=build)
        with patch, self.captureOnCommitCallbacks(execute=True):
            call_command("search", "rebuild", "--public-only", stdout=mock.Mock())
        # One build; the test's commit callbacks (run after the command returned,
        # where a real commit runs inside it) find the model current.
        self.assertEqual(built.count(True), 1)
        stored = StoredLanguageModel.objects.get()
        self.assertEqual(stored.generation, result_cache.current_generation())

    def test_a_worker_starting_builds_a_missing_model(self):
        self.drop_model()
        self.assertFalse(StoredLanguageModel.objects.exists())
        with self.captureOnCommitCallbacks(execute=True):
            worker_started.send(sender=None)
        self.assertTrue(StoredLanguageModel.objects.exists())

    def test_an_unreadable_stored_model_means_no_correction_not_an_error(self):
        StoredLanguageModel.objects.update(data=b"not a model")
        result_cache.forget_versions()
        lm_store.forget_loaded()
        with self.assertLogs("gongkai.search.lm_store", "ERROR"):
            self.assertIsNone(lm_store.get_model())
        self.assertEqual(corrected(), "")
