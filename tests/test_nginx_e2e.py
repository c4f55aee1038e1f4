"""End to end: Debian's nginx serves a published site with docs/deploy/nginx.conf.

Pages come from files with their real types, caching and security headers; /api/,
/apply/ … are proxied to the application (a live server, or a small echo server where
the test must see what nginx forwards). With the application down, pages are still
served and the dynamic prefixes answer a Chinese page. Hostile paths and Host headers
(tests/security/traversal_corpus.txt) never leave the site's folder.
"""

import gzip
import json
import os
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.test import LiveServerTestCase, TransactionTestCase, override_settings
from wagtail.models import Collection

from gongkai.core.http_headers import ADMIN_CSP, COMMON_HEADERS, HSTS_HEADER, PUBLIC_CSP
from gongkai.publishing.services import get_site_folder, get_site_tree, publish_site
from gongkai.publishing.tests.factories import build_small_site
from tests.nginx_server import NGINX, Nginx, free_port
from tests.security.traversal import (
    failures,
    leak_in,
    load_probes,
    plant_canaries,
    send_raw,
)

__all__ = ["Nginx", "free_port"]  # imported by other tests from here

HTML = "text/html; charset=utf-8"


def header_values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.lower() == name.lower()]


class EchoApp(BaseHTTPRequestHandler):
    """Stands in for the application: answers with the request headers it received, and
    sends its own (wrong) copies of two security headers that nginx must replace."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        received = self.rfile.read(length) if length else b""
        body = json.dumps(
            {
                "path": self.path,
                "headers": {
                    name.lower(): value for name, value in self.headers.items()
                },
                "body_length": len(received),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", "default-src *")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


class NginxSiteMixin:
    def publish_small_site(self) -> None:
        if not os.access(NGINX, os.X_OK):
            self.fail(f"{NGINX} is missing: run `make nginx` (Debian's nginx-light).")
        self.root = tempfile.mkdtemp(prefix="gk-publish-e2e-")
        os.chmod(self.root, 0o755)  # noqa: S103 - nginx workers must read the tree
        self.addCleanup(shutil.rmtree, self.root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)
        if (
            Collection.get_first_root_node() is None
        ):  # flushed by an earlier transactional test
            Collection.add_root(name="Root")
        build_small_site(self)
        publish_site(site=self.site)
        self.host = self.site.hostname
        self.tree = get_site_tree(self.site)
        self.assertTrue(Path(self.root, get_site_folder(self.site)).is_symlink())

    def assert_security_headers(self, headers, csp=PUBLIC_CSP) -> None:
        for name, value in (*COMMON_HEADERS, ("Content-Security-Policy", csp)):
            self.assertEqual(header_values(headers, name), [value], name)
        self.assertEqual(
            header_values(headers, HSTS_HEADER[0]), [], "HSTS only over HTTPS"
        )

    def first_file(self, pattern: str) -> str:
        found = sorted(self.tree.glob(pattern))
        self.assertTrue(found, pattern)
        return "/" + found[0].relative_to(self.tree).as_posix()


class NginxServesPublishRootTests(NginxSiteMixin, LiveServerTestCase):
    """nginx with docs/deploy/nginx.conf in front of the live application server."""

    def setUp(self):
        self.publish_small_site()

    def test_pages_are_files_and_dynamic_prefixes_reach_the_application(self):
        app = self.live_server_url.removeprefix("http://")
        with Nginx(self.root, app) as nginx:
            for path, file in (
                ("/", "index.html"),
                ("/zwgk/page/2/", "zwgk/page/2/index.html"),
                ("/zwgk/hy/item-0/", "zwgk/hy/item-0/index.html"),
                ("/zwgk/rss.xml", "zwgk/rss.xml"),
                ("/static/gongkai/js/site.js", "static/gongkai/js/site.js"),
            ):
                with self.subTest(path=path):
                    status, _type, body = nginx.request(self.host, path)
                    self.assertEqual(status, 200)
                    self.assertEqual(body, (self.tree / file).read_bytes())
            status, _type, _body = nginx.request(self.host, "/zwgk")
            self.assertEqual(status, 301)
            item = self.items[0]
            status, _type, body = nginx.request(
                self.host,
                f"/api/hits/{item.pk}/",
                "POST",
                {"User-Agent": "Mozilla/5.0 (X11; Linux)"},
            )
            self.assertEqual((status, json.loads(body)["count"]), (200, 1))
            status, headers, body = nginx.fetch(self.host, "/apply/")
            self.assertEqual(status, 200)
            self.assertIn("依申请公开", body.decode())
            self.assertEqual(header_values(headers, "Content-Type"), [HTML])
            self.assert_security_headers(headers)
            self.assertEqual(nginx.request(self.host, "/.trees/")[0], 404)

    def test_types_charset_caching_and_security_headers_of_files(self):
        css = self.first_file("static/**/*.css")
        with Nginx(self.root, self.live_server_url.removeprefix("http://")) as nginx:
            for path, content_type, lifetime in (
                ("/", HTML, 300),
                ("/zwgk/hy/item-0/", HTML, 300),
                (css, "text/css; charset=utf-8", 604800),
                (
                    "/static/gongkai/js/site.js",
                    "application/javascript; charset=utf-8",
                    604800,
                ),
                ("/zwgk/rss.xml", "application/rss+xml; charset=utf-8", 300),
            ):
                with self.subTest(path=path):
                    status, headers, _body = nginx.fetch(self.host, path)
                    self.assertEqual(status, 200)
                    self.assertEqual(
                        header_values(headers, "Content-Type"), [content_type]
                    )
                    self.assertEqual(
                        header_values(headers, "Cache-Control"), [f"max-age={lifetime}"]
                    )
                    self.assertEqual(len(header_values(headers, "Last-Modified")), 1)
                    (etag,) = header_values(headers, "ETag")
                    self.assert_security_headers(headers)
                    self.assertEqual(
                        header_values(headers, "Server"), ["nginx"]
                    )  # no version
                    status, _headers, body = nginx.fetch(
                        self.host, path, headers={"If-None-Match": etag}
                    )
                    self.assertEqual((status, body), (304, b""))

    def test_published_gz_siblings_are_sent_as_is(self):
        """Publishing wrote index.html.gz and site.css.gz; gzip_static sends those very
        bytes (not a compression of its own) to gzip clients, the plain file to others."""
        with Nginx(self.root, self.live_server_url.removeprefix("http://")) as nginx:
            for path, content_type in (
                ("index.html", HTML),
                ("static/gongkai/css/site.css", "text/css; charset=utf-8"),
            ):
                with self.subTest(path=path):
                    file = self.tree / path
                    sibling = file.with_name(file.name + ".gz").read_bytes()
                    url = "/" if path == "index.html" else "/" + path
                    status, headers, body = nginx.fetch(
                        self.host, url, headers={"Accept-Encoding": "gzip, br"}
                    )
                    self.assertEqual(
                        (status, header_values(headers, "Content-Encoding")),
                        (200, ["gzip"]),
                    )
                    self.assertEqual(body, sibling)
                    self.assertEqual(gzip.decompress(body), file.read_bytes())
                    self.assertEqual(
                        header_values(headers, "Content-Type"), [content_type]
                    )
                    self.assertIn("Accept-Encoding", header_values(headers, "Vary"))
                    status, headers, body = nginx.fetch(
                        self.host, url
                    )  # no gzip unless asked
                    self.assertEqual((status, body), (200, file.read_bytes()))
                    self.assertEqual(header_values(headers, "Content-Encoding"), [])

    def test_missing_page_is_the_published_404_page(self):
        with Nginx(self.root, self.live_server_url.removeprefix("http://")) as nginx:
            for path in ("/nope/", "/zwgk/nope.html", "/.trees/", "/zwgk/.hidden"):
                with self.subTest(path=path):
                    status, headers, body = nginx.fetch(self.host, path)
                    self.assertEqual(status, 404)
                    self.assertEqual(body, (self.tree / "404.html").read_bytes())
                    self.assertIn("页面不存在", body.decode())
                    self.assertEqual(header_values(headers, "Content-Type"), [HTML])
                    self.assert_security_headers(headers)

    def test_hsts_only_in_the_https_block(self):
        """The HTTPS example: every security header and HSTS (plain HTTP: none, above)."""
        with Nginx(
            self.root, self.live_server_url.removeprefix("http://"), https=True
        ) as nginx:
            for path in ("/", "/nope/", "/apply/"):
                with self.subTest(path=path):
                    _status, headers, _body = nginx.fetch(self.host, path)
                    self.assertEqual(
                        header_values(headers, HSTS_HEADER[0]), [HSTS_HEADER[1]]
                    )
                    for name, value in COMMON_HEADERS:
                        self.assertEqual(header_values(headers, name), [value], name)

    def test_other_host_names_never_reach_a_site_folder(self):
        with Nginx(self.root, self.live_server_url.removeprefix("http://")) as nginx:
            for host in (
                "127.0.0.1",
                "other.example.gov.cn",
                "localhost",
                ".trees",
                "gk-canary.txt",
            ):
                with self.subTest(host=host):
                    status, _type, body = nginx.request(host, "/")
                    self.assertEqual(status, 404)
                    self.assertNotIn("金东区人民政府", body.decode())

    def test_traversal_corpus_and_symlinks_out_of_the_tree(self):
        canary = plant_canaries(Path(self.root))
        # Links planted inside the tree, to a file and to a folder outside it.
        (self.tree / "zwgk" / "leak.txt").symlink_to(canary)
        (self.tree / "zwgk" / "outside").symlink_to(
            canary.parent, target_is_directory=True
        )
        (self.tree / "zwgk" / "up").symlink_to("../../..", target_is_directory=True)
        probes = load_probes(canary, self.tree.name)
        self.assertGreaterEqual(len(probes), 60)
        with Nginx(self.root, self.live_server_url.removeprefix("http://")) as nginx:
            self.assertEqual(failures(nginx.port, self.host, probes), [])
            for path in (
                "/zwgk/leak.txt",
                f"/zwgk/outside/{canary.name}",
                f"/zwgk/up/{canary.name}",
                f"/zwgk/up/{self.site.hostname}/index.html",
            ):
                with self.subTest(path=path):
                    status, body = send_raw(nginx.port, path, self.host)
                    self.assertIn(status, (403, 404))
                    self.assertIsNone(leak_in(body))
            # The site folder itself is a link (switched on publish): still served.
            self.assertEqual(nginx.request(self.host, "/zwgk/hy/item-0/")[0], 200)

    def test_pages_are_served_while_the_application_is_down(self):
        dead = f"127.0.0.1:{free_port()}"  # nothing listens there
        with Nginx(self.root, dead) as nginx:
            self.assertEqual(nginx.request(self.host, "/zwgk/hy/item-1/")[0], 200)
            for method, path in (
                ("POST", "/api/hits/1/"),
                ("GET", "/search/?q=%E4%BC%9A%E8%AE%AE"),
                ("GET", "/apply/"),
                ("GET", "/hudong/"),
                ("GET", "/admin/"),
                ("GET", "/static/not-published.css"),
            ):
                with self.subTest(path=path):
                    status, headers, body = nginx.fetch(self.host, path, method)
                    self.assertEqual(status, 503)
                    self.assertEqual(header_values(headers, "Content-Type"), [HTML])
                    self.assertIn("服务暂时不可用", body.decode())
                    self.assertNotIn("nginx", body.decode())
                    csp = ADMIN_CSP if path.startswith("/admin/") else PUBLIC_CSP
                    self.assert_security_headers(headers, csp)


class NginxForwardsToTheApplicationTests(NginxSiteMixin, TransactionTestCase):
    """What nginx passes on to the application, seen by an echo server in its place."""

    def setUp(self):
        self.publish_small_site()
        server = ThreadingHTTPServer(("127.0.0.1", 0), EchoApp)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        self.app = f"127.0.0.1:{server.server_port}"

    def echo(self, nginx, path, method="GET", headers=None, body=None):
        status, response_headers, data = nginx.fetch(
            self.host, path, method, headers, body
        )
        self.assertEqual(status, 200, data[:200])
        return response_headers, json.loads(data)

    def test_client_address_headers_are_overwritten_not_appended(self):
        forged = {
            "X-Forwarded-For": "203.0.113.9",
            "X-Real-IP": "203.0.113.9",
            "X-Forwarded-Proto": "https",
        }
        with Nginx(self.root, self.app) as nginx:
            _headers, seen = self.echo(nginx, "/search/?q=1", headers=forged)
        self.assertEqual(seen["headers"]["x-forwarded-for"], "127.0.0.1")
        self.assertEqual(seen["headers"]["x-real-ip"], "127.0.0.1")
        self.assertEqual(seen["headers"]["x-forwarded-proto"], "http")
        self.assertEqual(seen["headers"]["host"], self.host)

    def test_security_headers_once_on_dynamic_pages_admin_policy_below_admin(self):
        with Nginx(self.root, self.app) as nginx:
            headers, _seen = self.echo(nginx, "/apply/")
            self.assert_security_headers(headers, PUBLIC_CSP)
            headers, _seen = self.echo(nginx, "/admin/login/")
            self.assert_security_headers(headers, ADMIN_CSP)

    def test_request_body_limits_per_location(self):
        with Nginx(self.root, self.app) as nginx:
            large = b"x" * (2 * 1024 * 1024)
            for path in ("/api/hits/1/", "/search/", "/zwgk/"):
                with self.subTest(path=path):
                    self.assertEqual(
                        nginx.fetch(self.host, path, "POST", body=b"x" * 32 * 1024)[0],
                        413,
                    )
            for path in ("/apply/", "/admin/documents/multiple/add/"):
                with self.subTest(path=path):
                    _headers, seen = self.echo(nginx, path, "POST", body=large)
                    self.assertEqual(seen["body_length"], len(large))

    def test_without_a_published_site_any_host_reaches_the_dynamic_prefixes(self):
        """Nginx(publish_root, app) with no site folder: what tests of the dynamic services use."""
        empty = tempfile.mkdtemp(prefix="gk-publish-empty-")
        self.addCleanup(shutil.rmtree, empty, True)
        with Nginx(empty, self.app) as nginx:
            status, _type, body = nginx.request("testserver", "/search/?q=1")
            self.assertEqual(status, 200)
            self.assertEqual(
                json.loads(body)["headers"]["x-forwarded-for"], "127.0.0.1"
            )
            self.assertEqual(nginx.request("testserver", "/")[0], 404)
