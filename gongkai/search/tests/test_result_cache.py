"""The search result cache (result_cache.py): same answer until the index changes.

Through the real engine and database: an item published after a query was cached is
found by the next identical query, because indexing replaced the index generation.
"""

from unittest import mock

from django.test import TestCase, override_settings

from gongkai.catalog.models import DisclosurePage
from gongkai.catalog.tests.factories import create_article, publish
from gongkai.search import result_cache, views
from gongkai.search.models import IndexGeneration, SynonymSet
from gongkai.search.results import SearchQuery, SortOrder

from .factories import paragraphs


def titles(query: str) -> list[str]:
    return [hit.title for hit in views.run_search(SearchQuery(text=query)).hits]


@override_settings(GONGKAI_SEARCH_CACHE_ENTRIES=8)
class ResultCacheTests(TestCase):
    def setUp(self):
        result_cache.clear()
        self.addCleanup(result_cache.clear)

    def publish_item(self, title: str, body: str = "") -> DisclosurePage:
        with self.captureOnCommitCallbacks(execute=True):
            return publish(
                create_article(title=title, body=paragraphs(body) if body else "[]")
            )

    def test_a_repeated_query_is_answered_from_memory(self):
        self.publish_item("关于住房公积金缴存基数调整的通知")
        self.assertEqual(titles("公积金"), ["关于住房公积金缴存基数调整的通知"])
        with mock.patch(
            "gongkai.search.selectors.search_items", side_effect=AssertionError
        ):
            self.assertEqual(titles("公积金"), ["关于住房公积金缴存基数调整的通知"])
        self.assertEqual(result_cache.statistics, {"hits": 1, "misses": 1})

    def test_publishing_an_item_invalidates_the_cached_answer(self):
        self.publish_item("关于住房公积金缴存基数调整的通知")
        self.assertEqual(len(titles("公积金")), 1)
        before = result_cache.current_generation()
        self.publish_item("公积金贷款政策解读")
        self.assertNotEqual(result_cache.current_generation(), before)
        self.assertEqual(
            sorted(titles("公积金")),
            ["公积金贷款政策解读", "关于住房公积金缴存基数调整的通知"],
        )

    def test_unpublishing_an_item_invalidates_the_cached_answer(self):
        item = self.publish_item("公积金贷款政策解读")
        self.assertEqual(titles("公积金"), ["公积金贷款政策解读"])
        with self.captureOnCommitCallbacks(execute=True):
            item.unpublish()
        self.assertEqual(titles("公积金"), [])

    def test_editing_a_synonym_invalidates_the_cached_answer(self):
        self.publish_item("公积金贷款政策解读")
        self.assertEqual(titles("旅游"), [])
        SynonymSet.objects.create(terms="旅游/公积金")
        self.assertEqual(titles("旅游"), ["公积金贷款政策解读"])

    def test_different_parameters_are_different_entries(self):
        run = mock.Mock(side_effect=lambda q: q)
        queries = [
            SearchQuery(text="公积金"),
            SearchQuery(text="公积金", page=2),
            SearchQuery(text="公积金", sort=SortOrder.NEWEST),
            SearchQuery(text="公积金", filters={"year": ("2023",)}),
            SearchQuery(text="公积金", filters={"year": ("2024",)}),
            SearchQuery(text="公积金", title_only=True),
        ]
        for query in queries:
            self.assertIs(result_cache.cached_search(query, run), query)
        self.assertEqual(run.call_count, len(queries))
        for query in queries:
            self.assertIs(result_cache.cached_search(query, run), query)
        self.assertEqual(run.call_count, len(queries))

    def test_bounded_least_recently_used_first(self):
        run = mock.Mock(side_effect=lambda q: q)
        with override_settings(GONGKAI_SEARCH_CACHE_ENTRIES=2):
            for text in ("甲", "乙", "甲", "丙"):
                result_cache.cached_search(SearchQuery(text=text), run)
            self.assertEqual(result_cache.size(), 2)
            result_cache.cached_search(SearchQuery(text="甲"), run)  # kept
            self.assertEqual(run.call_count, 3)
            result_cache.cached_search(SearchQuery(text="乙"), run)  # evicted
            self.assertEqual(run.call_count, 4)

    def test_entries_expire(self):
        run = mock.Mock(side_effect=lambda q: q)
        query = SearchQuery(text="公积金")
        with mock.patch.object(result_cache.time, "monotonic", return_value=1000.0):
            result_cache.cached_search(query, run)
        later = 1000.0 + result_cache.TTL_SECONDS + 1
        with mock.patch.object(result_cache.time, "monotonic", return_value=later):
            result_cache.cached_search(query, run)
        self.assertEqual(run.call_count, 2)

    def refreshing(self):
        """Background refreshes collected instead of run (run them with .pop()())."""
        jobs: list = []
        patcher = mock.patch.object(
            result_cache, "run_in_background", side_effect=jobs.append
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        return jobs

    def test_an_expired_entry_is_given_out_while_one_refresh_runs(self):
        jobs = self.refreshing()
        answers = iter(["first", "second", "third"])
        run = mock.Mock(side_effect=lambda: next(answers))
        get = lambda: result_cache.cached_value("page", "k", run, refresh=True)  # noqa: E731
        clock = mock.patch.object(result_cache.time, "monotonic")
        with clock as monotonic:
            monotonic.return_value = 1000.0
            self.assertEqual(get(), "first")
            monotonic.return_value = 1000.0 + result_cache.TTL_SECONDS + 1
            # Expired: the old answer, twice, and a single refresh queued, not run here.
            self.assertEqual([get(), get()], ["first", "first"])
            self.assertEqual((run.call_count, len(jobs)), (1, 1))
            jobs.pop()()
            self.assertEqual([get(), get()], ["second", "second"])
            self.assertEqual((run.call_count, len(jobs)), (2, 0))
            self.assertEqual(
                result_cache.namespace_statistics["page"],
                {"hits": 2, "misses": 1, "stale": 2},
            )

    def test_an_entry_past_the_grace_is_computed_in_the_request(self):
        jobs = self.refreshing()
        run = mock.Mock(side_effect=["first", "second"])
        clock = mock.patch.object(result_cache.time, "monotonic")
        with clock as monotonic:
            monotonic.return_value = 1000.0
            result_cache.cached_value("page", "k", run, refresh=True)
            monotonic.return_value = (
                1000.0 + result_cache.TTL_SECONDS + result_cache.STALE_GRACE_SECONDS
            )
            self.assertEqual(
                result_cache.cached_value("page", "k", run, refresh=True), "second"
            )
        self.assertEqual(jobs, [])

    def test_no_stale_answer_across_an_index_change(self):
        jobs = self.refreshing()
        run = mock.Mock(side_effect=["before", "after"])
        clock = mock.patch.object(result_cache.time, "monotonic")
        with clock as monotonic:
            monotonic.return_value = 1000.0
            result_cache.cached_value("page", "k", run, refresh=True)
            result_cache.bump_generation()
            monotonic.return_value = 1000.0 + result_cache.TTL_SECONDS + 1
            self.assertEqual(
                result_cache.cached_value("page", "k", run, refresh=True), "after"
            )
        self.assertEqual(jobs, [])

    def test_without_refresh_an_expired_entry_is_computed_again(self):
        jobs = self.refreshing()
        run = mock.Mock(side_effect=["first", "second"])
        clock = mock.patch.object(result_cache.time, "monotonic")
        with clock as monotonic:
            monotonic.return_value = 1000.0
            result_cache.cached_value("correction", "k", run)
            monotonic.return_value = 1000.0 + result_cache.TTL_SECONDS + 1
            self.assertEqual(
                result_cache.cached_value("correction", "k", run), "second"
            )
        self.assertEqual(jobs, [])

    def test_a_failed_refresh_drops_the_stale_entry(self):
        jobs = self.refreshing()
        run = mock.Mock(side_effect=["first", RuntimeError("database gone"), "third"])
        clock = mock.patch.object(result_cache.time, "monotonic")
        with clock as monotonic, self.assertLogs(result_cache.logger, "ERROR"):
            monotonic.return_value = 1000.0
            result_cache.cached_value("page", "k", run, refresh=True)
            monotonic.return_value = 1000.0 + result_cache.TTL_SECONDS + 1
            result_cache.cached_value("page", "k", run, refresh=True)
            jobs.pop()()
            self.assertEqual(
                result_cache.cached_value("page", "k", run, refresh=True), "third"
            )
        self.assertEqual(jobs, [])

    def test_a_full_refresh_queue_computes_in_the_request(self):
        run = mock.Mock(side_effect=["first", "second"])
        full = mock.patch.object(
            result_cache, "run_in_background", side_effect=result_cache.queue.Full
        )
        clock = mock.patch.object(result_cache.time, "monotonic")
        with clock as monotonic, full:
            monotonic.return_value = 1000.0
            result_cache.cached_value("page", "k", run, refresh=True)
            monotonic.return_value = 1000.0 + result_cache.TTL_SECONDS + 1
            self.assertEqual(
                result_cache.cached_value("page", "k", run, refresh=True), "second"
            )

    def test_the_refresh_thread_runs_a_job_with_the_request_language(self):
        from django.utils import translation

        done = result_cache.threading.Event()
        seen = []

        def job_run():
            seen.append(translation.get_language())
            done.set()
            return "refreshed"

        # The thread's own database connection cannot see this test's transaction.
        versions = mock.patch.object(result_cache, "versions_now", return_value=(0, -1))
        with versions, translation.override("en"):
            with result_cache._lock:
                self.assertTrue(
                    result_cache._start_refresh("page", "k", job_run, limit=8, ttl=60.0)
                )
            self.assertTrue(done.wait(10))
            result_cache._refresh_jobs.join()
        self.assertEqual(seen, ["en"])
        self.assertEqual(result_cache._entries["page"]["k"][2], "refreshed")

    def test_long_pages_are_not_kept(self):
        run = mock.Mock(side_effect=lambda q: q)
        query = SearchQuery(
            text="公积金", per_page=result_cache.MAX_CACHED_PER_PAGE + 1
        )
        for _ in range(2):
            result_cache.cached_search(query, run)
        self.assertEqual(run.call_count, 2)
        self.assertEqual(result_cache.size(), 0)

    def test_off_when_configured_with_no_entries(self):
        run = mock.Mock(side_effect=lambda q: q)
        with override_settings(GONGKAI_SEARCH_CACHE_ENTRIES=0):
            for _ in range(2):
                result_cache.cached_search(SearchQuery(text="公积金"), run)
        self.assertEqual(run.call_count, 2)
        self.assertEqual(result_cache.size(), 0)

    def test_another_process_bump_is_read_within_a_second(self):
        """Another worker's publish changes the database row only; this process reads
        it again at most GENERATION_CHECK_SECONDS later."""
        run = mock.Mock(side_effect=lambda q: q)
        query = SearchQuery(text="公积金")
        clock = mock.patch.object(result_cache.time, "monotonic")
        with clock as monotonic:
            monotonic.return_value = 500.0
            result_cache.cached_search(query, run)
            IndexGeneration.objects.update_or_create(pk=1, defaults={"value": 77})
            monotonic.return_value = 500.5
            result_cache.cached_search(query, run)
            self.assertEqual(run.call_count, 1)
            monotonic.return_value = 500.0 + result_cache.GENERATION_CHECK_SECONDS + 0.1
            result_cache.cached_search(query, run)
            self.assertEqual(run.call_count, 2)

    def test_small_lookups_are_remembered_until_the_index_changes(self):
        """memo_lookup (vocabulary words, column titles, 解读 links): each key's
        answer, found or not, is fetched once per index generation."""
        fetch = mock.Mock(
            side_effect=lambda keys: {k: k.upper() for k in keys if k != "b"}
        )
        self.assertEqual(result_cache.memo_lookup("t", ["a", "b"], fetch), {"a": "A"})
        self.assertEqual(result_cache.memo_lookup("t", ["b", "a"], fetch), {"a": "A"})
        self.assertEqual(fetch.call_count, 1)
        self.assertEqual(result_cache.memo_lookup("t", ["c"], fetch), {"c": "C"})
        fetch.assert_called_with(["c"])
        result_cache.bump_generation()
        result_cache.memo_lookup("t", ["a"], fetch)
        self.assertEqual(fetch.call_count, 3)

    def test_generation_never_repeats_after_a_rollback(self):
        result_cache.bump_generation()
        first = IndexGeneration.objects.get(pk=1).value
        result_cache.bump_generation()
        self.assertNotEqual(IndexGeneration.objects.get(pk=1).value, first)
        self.assertEqual(IndexGeneration.objects.count(), 1)


@override_settings(GONGKAI_SEARCH_CACHE_ENTRIES=8)
class HostileInputWithTheCacheTests(TestCase):
    """The cache sits after the form: bad parameters are refused before it, every time."""

    def setUp(self):
        result_cache.clear()
        self.addCleanup(result_cache.clear)

    def test_bad_parameters_stay_4xx_when_repeated(self):
        for params in (
            {"q": "公积金", "page": "-1"},
            {"q": "公积金", "page": "x"},
            {"q": "公积金", "per_page": "100000"},
            {"q": "公积金", "year": "abc"},
            {"q": "公积金", "column": "1 OR 1=1"},
            {"q": "公积金", "date_from": "2024-13-45"},
            {"q": "公积金", "sort": "<script>"},
        ):
            for _ in range(2):
                response = self.client.get("/api/search/", params)
                self.assertEqual(response.status_code, 400, params)
        self.assertEqual(result_cache.size(), 0)

    def test_odd_words_are_answered_and_cached_without_error(self):
        for text in ("公积金" * 300, "\x00", "％％", "' OR 1=1 --", '"未闭合', "*"):
            for _ in range(2):
                response = self.client.get("/api/search/", {"q": text})
                self.assertLess(response.status_code, 500, text)
        self.assertEqual(self.client.post("/api/search/", {"q": "x"}).status_code, 405)
