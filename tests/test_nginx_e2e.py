"""End to end: Debian's nginx serves a published site with docs/deploy/nginx.conf.

Pages come from files; /api/, /apply/ … are proxied to the application (a live
server). With the application down, the pages are still served.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.test import LiveServerTestCase, override_settings
from wagtail.models import Collection

from gongkai.publishing.services import get_site_folder, get_site_tree, publish_site
from gongkai.publishing.tests.factories import build_small_site

NGINX = "/usr/sbin/nginx"
CONFIG = Path(__file__).resolve().parent.parent / "docs" / "deploy" / "nginx.conf"
PORTS = range(18150, 18200)  # this feature's port range on the shared machine


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18150-18199")


class Nginx:
    """nginx in the foreground with the deploy configuration, adapted to a temporary root."""

    def __init__(self, publish_root: str, app_address: str) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="gk-nginx-")
        site = CONFIG.read_text(encoding="utf-8")
        for old, new in (
            ("server 127.0.0.1:8001;", f"server {app_address};"),
            ("listen 80;", f"listen 127.0.0.1:{self.port};"),
            ("/srv/gongkai/publish/", f"{publish_root}/"),
        ):
            assert old in site, old
            site = site.replace(old, new)
        temp = "\n".join(f"  {kind}_temp_path {self.dir}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;\n" if os.geteuid() == 0 else ""
        Path(self.dir, "nginx.conf").write_text(
            f"{user}daemon off;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/error.log;\n"
            f"events {{ worker_connections 64; }}\nhttp {{\n  include /etc/nginx/mime.types;\n"
            f"  access_log off;\n{temp}\n{site}\n}}\n",
            encoding="utf-8",
        )

    def __enter__(self) -> "Nginx":
        self.process = subprocess.Popen([NGINX, "-p", self.dir, "-c", f"{self.dir}/nginx.conf"])  # noqa: S603 - fixed arguments, our own config
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(Path(self.dir, "error.log").read_text())

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def request(self, host: str, path: str, method: str = "GET", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request(method, path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.getheader("Content-Type", ""), body


class NginxServesPublishRootTests(LiveServerTestCase):
    """nginx with docs/deploy/nginx.conf in front of the live application server."""

    def setUp(self):
        if not os.access(NGINX, os.X_OK):
            self.fail(f"{NGINX} is missing: run `make nginx` (Debian's nginx-light).")
        self.root = tempfile.mkdtemp(prefix="gk-publish-e2e-")
        os.chmod(self.root, 0o755)  # noqa: S103 - nginx workers must read the tree
        self.addCleanup(shutil.rmtree, self.root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)
        if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
            Collection.add_root(name="Root")
        build_small_site(self)
        publish_site(site=self.site)
        self.host = self.site.hostname
        self.tree = get_site_tree(self.site)
        self.assertTrue(Path(self.root, get_site_folder(self.site)).is_symlink())

    def test_pages_are_files_and_dynamic_prefixes_reach_the_application(self):
        app = self.live_server_url.removeprefix("http://")
        with Nginx(self.root, app) as nginx:
            for path, file in (
                ("/", "index.html"), ("/zwgk/page/2/", "zwgk/page/2/index.html"),
                ("/zwgk/hy/item-0/", "zwgk/hy/item-0/index.html"), ("/zwgk/rss.xml", "zwgk/rss.xml"),
                ("/static/gongkai/js/site.js", "static/gongkai/js/site.js"),
            ):
                with self.subTest(path=path):
                    status, _type, body = nginx.request(self.host, path)
                    self.assertEqual(status, 200)
                    self.assertEqual(body, (self.tree / file).read_bytes())
            status, _type, body = nginx.request(self.host, "/nope/")
            self.assertEqual(status, 404)
            self.assertIn("页面不存在", body.decode())
            status, _type, _body = nginx.request(self.host, "/zwgk")
            self.assertEqual(status, 301)
            item = self.items[0]
            status, _type, body = nginx.request(
                self.host, f"/api/hits/{item.pk}/", "POST", {"User-Agent": "Mozilla/5.0 (X11; Linux)"}
            )
            self.assertEqual((status, json.loads(body)["count"]), (200, 1))
            status, _type, body = nginx.request(self.host, "/apply/")
            self.assertEqual(status, 200)
            self.assertIn("依申请公开", body.decode())
            self.assertEqual(nginx.request(self.host, "/.trees/")[0], 404)

    def test_pages_are_served_while_the_application_is_down(self):
        dead = f"127.0.0.1:{free_port()}"  # nothing listens there
        with Nginx(self.root, dead) as nginx:
            self.assertEqual(nginx.request(self.host, "/zwgk/hy/item-1/")[0], 200)
            self.assertEqual(nginx.request(self.host, "/api/hits/1/", "POST")[0], 502)
