import itertools
import threading

from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase, TransactionTestCase
from django.urls import reverse

from gongkai.catalog.tests.factories import create_article, create_published_article
from gongkai.stats.models import ViewCount

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN"
)


# Each POST from its own client address: one client counts once per window.
_addresses = (
    f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1)
)


def hits_url(page_id):
    return reverse("stats:hits", args=[page_id])


class HitsViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = create_published_article()
        cls.url = hits_url(cls.page.pk)

    def setUp(self):
        cache.clear()

    def post(self, user_agent=BROWSER, **kwargs):
        kwargs.setdefault("REMOTE_ADDR", next(_addresses))
        return self.client.post(self.url, headers={"user-agent": user_agent}, **kwargs)

    def test_one_client_counts_once_per_window(self):
        """30 POSTs from one client count one view; another client still counts."""
        counts = [
            self.post(REMOTE_ADDR="203.0.113.7").json()["count"] for _ in range(30)
        ]
        self.assertEqual(counts, [1] * 30)
        self.assertEqual(self.post(REMOTE_ADDR="203.0.113.8").json()["count"], 2)
        self.assertEqual(ViewCount.objects.get().count, 2)

    def test_browser_post_counts_a_view(self):
        """Each POST from a browser adds one view and returns the page and its new count."""
        responses = [self.post() for _ in range(3)]
        self.assertEqual(
            [response.json() for response in responses],
            [{"page": self.page.pk, "count": n} for n in (1, 2, 3)],
        )

    def test_bots_are_not_counted_but_see_the_count(self):
        """A bot's POST leaves the count alone and returns the current count."""
        self.post()
        self.post()
        user_agents = [
            "",
            "curl/8.5.0",
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
            "python-requests/2.32.3",
        ]
        for user_agent in user_agents:
            with self.subTest(user_agent=user_agent):
                response = self.post(user_agent=user_agent)
                self.assertEqual(response.json(), {"page": self.page.pk, "count": 2})
        response = self.client.post(self.url)  # no User-Agent header at all
        self.assertEqual(response.json()["count"], 2)
        self.assertEqual(ViewCount.objects.get(page_id=self.page.pk).count, 2)

    def test_get_reads_without_counting(self):
        """GET returns the count, 0 before any view, and never adds one."""
        response = self.client.get(self.url, headers={"user-agent": BROWSER})
        self.assertEqual(response.json(), {"page": self.page.pk, "count": 0})
        self.assertFalse(ViewCount.objects.exists())
        self.post()
        for _ in range(2):
            response = self.client.get(self.url, headers={"user-agent": BROWSER})
        self.assertEqual(response.json()["count"], 1)

    def test_unknown_or_unpublished_pages_are_not_found(self):
        """Pages that do not exist or are not live get 404 and no counter."""
        draft = create_article()
        unpublished = create_published_article()
        unpublished.unpublish()
        for page_id in (draft.pk, unpublished.pk, 999_999):
            for method in ("get", "post"):
                with self.subTest(page_id=page_id, method=method):
                    response = getattr(self.client, method)(
                        hits_url(page_id), headers={"user-agent": BROWSER}
                    )
                    self.assertEqual(response.status_code, 404)
                    self.assertEqual(response.json(), {"error": "页面不存在"})
        self.assertFalse(ViewCount.objects.exists())

    def test_static_pages_can_post_without_csrf_token(self):
        """Published static pages carry no CSRF token; the counter accepts their POST."""
        client = Client(enforce_csrf_checks=True)
        response = client.post(self.url, headers={"user-agent": BROWSER})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)

    def test_responses_are_not_cached_and_other_methods_refused(self):
        """Counts are never cached by browsers or proxies; PUT and DELETE get 405."""
        response = self.post()
        self.assertIn("no-cache", response["Cache-Control"])
        for method in ("put", "delete"):
            with self.subTest(method=method):
                self.assertEqual(
                    getattr(self.client, method)(self.url).status_code, 405
                )


class ConcurrentHitsTests(TransactionTestCase):
    """Many visitors at once, on SQLite (file) and PostgreSQL."""

    threads = 8
    posts_per_thread = 50

    def test_simultaneous_views_are_all_counted(self):
        """8 threads x 50 POSTs on a never-viewed page give exactly 400, each count once."""
        cache.clear()
        url = hits_url(create_published_article().pk)
        barrier = threading.Barrier(self.threads)
        counts, errors = [], []

        def visit(thread_number):
            client = Client()
            try:
                barrier.wait(timeout=30)
                for n in range(self.posts_per_thread):
                    response = client.post(
                        url,
                        headers={"user-agent": BROWSER},
                        REMOTE_ADDR=f"10.9.{thread_number}.{n}",
                    )
                    counts.append(response.json()["count"])
            except Exception as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=visit, args=(number,))
            for number in range(self.threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        total = self.threads * self.posts_per_thread
        self.assertEqual(errors, [])
        self.assertEqual(ViewCount.objects.get().count, total)
        self.assertEqual(sorted(counts), list(range(1, total + 1)))
