"""The live crawl against a real local HTTP server: unreachable, slow and mixed content."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import SimpleTestCase

from ..crawl import Fetched, crawl, mixed_content, pages_to_crawl
from ..fetchers import fetch_page

PAGES = {
    "/": "<html><body><h1>首页</h1></body></html>",
    "/zwdt/": "<html><body>政务动态</body></html>",
    "/slow/": "<html><body>慢</body></html>",
}
SLOW_SECONDS = 0.6


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow/":
            time.sleep(SLOW_SECONDS)
        if self.path == "/broken/":
            self.send_error(500)
            return
        body = PAGES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class LocalServerCrawlTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}/"
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    # Generous limits where a page must count as fast: the shared machine can be slow.
    def crawl(self, files, slow_seconds=60.0):
        return crawl(self.base, files, fetch_page, slow_seconds=slow_seconds)

    def test_a_healthy_site_has_no_finding(self):
        self.assertEqual(self.crawl(["index.html", "zwdt/index.html"]), [])

    def test_missing_and_failing_pages_are_unreachable(self):
        found = self.crawl(["zwdt/index.html", "gone/index.html", "broken/index.html"])
        self.assertEqual(
            [(f.check, f.location) for f in found],
            [("unreachable_page", "/gone/"), ("unreachable_page", "/broken/")],
        )
        self.assertIn("HTTP 404", found[0].message)
        self.assertIn("HTTP 500", found[1].message)

    def test_a_home_page_that_does_not_answer_is_a_page_fault_not_the_veto(self):
        # The 站点无法访问 veto is a week of visits (test_probes.py), not one crawl.
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = server.server_address[1]
        server.server_close()  # nothing listens there any more
        found = crawl(
            f"http://127.0.0.1:{port}/", ["index.html"], fetch_page, slow_seconds=30
        )
        self.assertEqual([f.check for f in found], ["unreachable_page"])
        self.assertEqual(str(found[0].severity), "deduct")
        self.assertIn("首页", found[0].message)

    def test_a_page_slower_than_the_limit_is_reported_a_faster_one_is_not(self):
        # The server sleeps 0.6 s: over a 0.3 s limit (timed out), under a 60 s one.
        slow = self.crawl(["slow/index.html"], slow_seconds=0.3)
        self.assertEqual([f.check for f in slow], ["slow_page"])
        self.assertEqual(self.crawl(["slow/index.html"], slow_seconds=60), [])

    def test_the_default_fetcher_refuses_other_schemes(self):
        self.assertIsNone(fetch_page("file:///etc/passwd", 1).status)


class MixedContentTests(SimpleTestCase):
    HTML = (
        '<img src="http://cdn.example.test/a.png"><script src="/js/app.js"></script>'
        '<link rel="stylesheet" href="//cdn.example.test/s.css">'
        '<a href="http://other.example.test/">外部链接</a>'
    )

    def test_http_resources_on_an_https_page_are_mixed_content(self):
        found = mixed_content("https://www.example.gov.cn/zwdt/", self.HTML)
        self.assertEqual(
            found, ["http://cdn.example.test/a.png"]
        )  # links are not loaded

    def test_an_http_page_has_no_mixed_content(self):
        self.assertEqual(mixed_content("http://www.example.gov.cn/", self.HTML), [])

    def test_the_crawl_reports_it_through_any_fetcher(self):
        def fetcher(url, timeout):
            return Fetched(200, 0.1, self.HTML)

        found = crawl(
            "https://www.example.gov.cn/", ["index.html"], fetcher, slow_seconds=15
        )
        self.assertEqual([f.check for f in found], ["mixed_content"])


class PagesToCrawlTests(SimpleTestCase):
    def test_home_first_then_shallow_pages_html_only_and_limited(self):
        files = [
            "b/c/index.html",
            "a/index.html",
            "index.html",
            "a/x.pdf",
            "z/index.html",
        ]
        self.assertEqual(
            pages_to_crawl(files, limit=3),
            ["index.html", "a/index.html", "z/index.html"],
        )
