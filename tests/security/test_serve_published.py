"""`gongkai serve`'s own server (waitress, as the command builds it) on a really
published site: precompressed siblings with Content-Encoding and Vary, HEAD on files
and dynamic pages, 405 for writes to files, and a stalled request cut after --timeout.
"""

import gzip
import socket
import threading

import brotli

from gongkai.publishing.management.commands.serve import create_server
from gongkai.publishing.services import get_site_folder, get_site_tree, publish_site
from gongkai.publishing.serving import PublishRootApp
from gongkai.publishing.tests.factories import PublishRootTestCase

TIMEOUT = 2  # --timeout of the server under test, seconds


def no_application(environ, start_response):
    """The dynamic prefixes are not under test here (HEAD on them: core's test_hardening)."""
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"application"]


class ServePublishedSiteTests(PublishRootTestCase):
    def setUp(self) -> None:
        super().setUp()
        publish_site(site=self.site)
        self.tree = get_site_tree(self.site)
        app = PublishRootApp(no_application)
        folder = get_site_folder(self.site)
        app._folders, app._default, app._loaded_at = (
            {self.site.hostname: folder},
            folder,
            float("inf"),
        )
        self.server = create_server(
            app, listen="127.0.0.1:0", threads=1, timeout=TIMEOUT, max_body=10_000
        )
        self.port = self.server.effective_port
        thread = threading.Thread(target=self.server.run, daemon=True)
        thread.start()

        def stop():
            self.server.close()
            thread.join(5)

        self.addCleanup(stop)

    def request(self, path, method="GET", body=b"", **headers):
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.site.hostname}",
            "Connection: close",
        ]
        lines += [
            f"{name.replace('_', '-')}: {value}" for name, value in headers.items()
        ]
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
        chunks = []
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        head, _sep, payload = b"".join(chunks).partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parsed = {}
        for line in header_lines:
            name, _colon, value = line.partition(":")
            parsed[name.strip().lower()] = value.strip()
        return int(status_line.split()[1]), parsed, payload

    def test_published_siblings_are_sent_with_content_encoding_and_vary(self):
        page = (self.tree / "index.html").read_bytes()
        status, plain, body = self.request("/")
        self.assertEqual((status, body), (200, page))
        self.assertNotIn("content-encoding", plain)
        self.assertEqual(plain["vary"], "Accept-Encoding")
        status, headers, body = self.request("/", Accept_Encoding="gzip, deflate, br")
        self.assertEqual((status, headers["content-encoding"]), (200, "br"))
        self.assertEqual(brotli.decompress(body), page)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertEqual(headers["vary"], "Accept-Encoding")
        status, headers, body = self.request("/", Accept_Encoding="gzip")
        self.assertEqual((status, headers["content-encoding"]), (200, "gzip"))
        self.assertEqual(gzip.decompress(body), page)
        css = "/static/gongkai/css/site.css"
        status, headers, body = self.request(css, Accept_Encoding="br;q=0, gzip")
        self.assertEqual(headers["content-encoding"], "gzip")
        self.assertEqual(
            gzip.decompress(body), (self.tree / css.lstrip("/")).read_bytes()
        )
        # The three variants have three validators: a cache never mixes them up.
        etags = {
            self.request("/", Accept_Encoding=coding)[1]["etag"]
            for coding in ("", "gzip", "br")
        }
        self.assertEqual(len(etags), 3)

    def test_head_answers_like_get_without_a_body(self):
        for path in (
            "/",
            "/zwgk/hy/item-0/",
            "/static/gongkai/css/site.css",
            "/missing/",
        ):
            with self.subTest(path=path):
                get_status, get_headers, _ = self.request(path)
                status, headers, body = self.request(path, method="HEAD")
                self.assertEqual(status, get_status)
                self.assertIn(status, (200, 404))
                self.assertEqual(headers["content-type"], get_headers["content-type"])
                self.assertEqual(body, b"")

    def test_writes_to_published_files_are_405(self):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            for path in ("/", "/zwgk/index.html", "/static/gongkai/css/site.css"):
                with self.subTest(method=method, path=path):
                    status, headers, _ = self.request(path, method=method, body=b"x=1")
                    self.assertEqual(status, 405)
                    self.assertEqual(headers["allow"], "GET, HEAD")
        self.assertEqual(self.request("/")[0], 200)  # nothing was changed

    def test_a_stalled_request_is_cut_after_the_timeout(self):
        """Headers that stop half-way and a body that stops half-way: the server closes
        the connection once it has been silent for --timeout (no thread held)."""
        for sent in (
            b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nq=",
        ):
            with (
                self.subTest(sent=sent),
                socket.create_connection(("127.0.0.1", self.port), timeout=60) as slow,
            ):
                slow.sendall(sent)
                # Closed (or a 408 then closed) well before this socket's own 60 s
                # timeout, which would raise instead.
                answer = slow.recv(1024)
                self.assertTrue(
                    answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer
                )
        # The server still answers: the stalled connections held nothing.
        self.assertEqual(self.request("/")[0], 200)
