"""Two clients behind the documented nginx: one is locked out, the other is unaffected.

docs/deploy/nginx.conf runs in front of a live application server with
GONGKAI_TRUSTED_PROXIES = 127.0.0.1 (nginx reaches the application from there). The
clients connect from their own loopback source addresses. They are 127.0.0.2 and
127.0.0.3, not 127.0.0.1: a client at the proxy's own address cannot be told apart from
the proxy, which is exactly what a trusted proxy means. Client A also forges
X-Forwarded-For with B's address, which must not lock B out.
"""

import http.client
import os
import re
import shutil
import tempfile
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.core.cache import cache
from django.test import LiveServerTestCase, override_settings
from wagtail.models import Collection

from gongkai.publishing.tests.factories import build_small_site
from tests.test_nginx_e2e import NGINX, Nginx

CLIENT_A = "127.0.0.2"
CLIENT_B = "127.0.0.3"
STATUS_PATH = "/apply/status/"
LOCKED = "查询次数过多"


class Browser:
    """One client: its own source address and its own cookies (for the CSRF token)."""

    def __init__(self, nginx: Nginx, host: str, source: str) -> None:
        self.nginx, self.host, self.source = nginx, host, source
        self.cookies = SimpleCookie()

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.nginx.port, timeout=10, source_address=(self.source, 0)
        )
        cookie = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        all_headers = {
            "Host": self.host,
            **({"Cookie": cookie} if cookie else {}),
            **(headers or {}),
        }
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        connection.close()
        return response.status, text

    def failed_lookup(self, headers: dict | None = None):
        _status, page = self.request("GET", STATUS_PATH)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "tracking_code": "AAAA-BBBB-CCCC",
                "phone_tail": "0000",
            }
        ).encode()
        return self.request(
            "POST",
            STATUS_PATH,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )


@override_settings(
    GONGKAI_TRUSTED_PROXIES="127.0.0.1", GONGKAI_APPLICATIONS_STATUS_RATE="3/h"
)
class TwoClientsBehindNginxTests(LiveServerTestCase):
    def setUp(self):
        if not os.access(NGINX, os.X_OK):
            self.fail(f"{NGINX} is missing: run `make nginx` (Debian's nginx-light).")
        self.root = tempfile.mkdtemp(prefix="gk-publish-limits-")
        os.chmod(self.root, 0o755)  # noqa: S103 - nginx workers must read the tree
        self.addCleanup(shutil.rmtree, self.root, True)
        if (
            Collection.get_first_root_node() is None
        ):  # flushed by an earlier transactional test
            Collection.add_root(name="Root")
        build_small_site(self)
        cache.clear()  # the counts of an earlier test

    def test_one_client_is_locked_out_the_other_is_not(self):
        self.check_two_clients()

    def check_two_clients(self):
        app = self.live_server_url.removeprefix("http://")
        with Nginx(self.root, app) as nginx:
            a = Browser(nginx, self.site.hostname, CLIENT_A)
            b = Browser(nginx, self.site.hostname, CLIENT_B)
            for _attempt in range(3):
                status, page = a.failed_lookup({"X-Forwarded-For": CLIENT_B})
                self.assertEqual(status, 200)
                self.assertIn("未查询到该申请", page)
            status, page = a.failed_lookup()
            self.assertEqual(status, 429)
            self.assertIn(LOCKED, page)
            # B, behind the same nginx and framed by A's forged header, is unaffected.
            status, page = b.failed_lookup()
            self.assertEqual(status, 200)
            self.assertNotIn(LOCKED, page)
            self.assertIn("未查询到该申请", page)
