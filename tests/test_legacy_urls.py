"""Old URLs live on: the demo's imported old portal (the seed page at its jindong.gov.cn
address, its column, the 2015 notices in 历史栏目) answers 301 to the new pages through
`gongkai serve` (PublishRootApp), through nginx with docs/deploy/nginx.conf, and through
the application itself (Wagtail's redirect middleware)."""

import os
import shutil
import tempfile
from io import BytesIO

from django.core.wsgi import get_wsgi_application
from django.test import TestCase, override_settings
from wagtail.contrib.redirects.models import Redirect

from gongkai.demo.builder import build_demo_site
from gongkai.demo.legacy import (
    NOTICE_COLUMN,
    SEED_LEGACY_COLUMN,
    SEED_LEGACY_PATH,
    ensure_legacy_portal,
)
from gongkai.portal_import.models import ItemStatus, LegacyItem
from gongkai.portal_import.services import UNCHANGED
from gongkai.publishing.redirects import map_file
from gongkai.publishing.services import get_site_folder, publish_site
from gongkai.publishing.serving import PublishRootApp
from tests.nginx_server import NGINX, Nginx

SEED_COLUMN_PATH = f"/col/col{SEED_LEGACY_COLUMN}/index.html"
HOSTILE = (
    "/art/2023/8/7/../../../../etc/passwd",
    "/art/2023/8/7/art_1229398364_59328304.html/",
    "/art/%2e%2e/%2e%2e/etc/passwd",
    "/col/col" + "9" * 5000 + "/index.html",
    '/art/"x";/y',
)


def call(app, path: str, host: str = "127.0.0.1") -> tuple[str, dict[str, str]]:
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, dict(headers)

    body = app(
        {
            "REQUEST_METHOD": "HEAD",
            "PATH_INFO": path,
            "HTTP_HOST": host,
            "wsgi.url_scheme": "http",
            "SERVER_NAME": host,
            "SERVER_PORT": "80",
            "wsgi.input": BytesIO(b""),
            "SCRIPT_NAME": "",
        },
        start_response,
    )
    b"".join(body)
    return captured["status"], captured["headers"]


class LegacyUrlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=4)

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="gk-legacy-urls-")
        os.chmod(self.root, 0o755)  # noqa: S103 - nginx workers must read the tree
        self.addCleanup(shutil.rmtree, self.root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)
        publish_site(site=self.demo.site)
        self.folder = get_site_folder(self.demo.site)
        notice = (
            LegacyItem.objects.filter(legacy_column__legacy_id=NOTICE_COLUMN)
            .order_by("legacy_id")
            .first()
        )
        self.expected = {
            SEED_LEGACY_PATH: self.demo.seed_page.relative_url(self.demo.site),
            SEED_COLUMN_PATH: self.demo.seed_page.get_parent().relative_url(
                self.demo.site
            ),
            f"/col/col{SEED_LEGACY_COLUMN}/": self.demo.seed_page.get_parent().relative_url(
                self.demo.site
            ),
            notice.legacy_path: notice.page.relative_url(self.demo.site),
        }

    def test_the_seed_page_is_recognised_by_its_index_number_not_copied(self):
        row = LegacyItem.objects.get(legacy_path=SEED_LEGACY_PATH)
        self.assertEqual(
            (row.status, row.page_id), (ItemStatus.LINKED, self.demo.seed_page.pk)
        )
        notices = LegacyItem.objects.filter(legacy_column__legacy_id=NOTICE_COLUMN)
        self.assertEqual({n.status for n in notices}, {ItemStatus.IMPORTED})
        self.assertTrue(
            all(
                n.page.live and n.page.get_parent().get_parent().slug == "lszl"
                for n in notices
            )
        )
        self.assertIn(
            f'"{self.folder}{SEED_LEGACY_PATH}" "{self.expected[SEED_LEGACY_PATH]}";',
            map_file(self.root, self.folder).read_text(encoding="utf-8"),
        )

    def test_gongkai_serve_answers_301_to_the_new_page(self):
        app = PublishRootApp(get_wsgi_application())
        for old, new in self.expected.items():
            with self.subTest(old=old):
                status, headers = call(app, old)
                self.assertEqual(
                    (status, headers["Location"]), ("301 Moved Permanently", new)
                )
                self.assertEqual(call(app, new)[0], "200 OK")
        self.assertEqual(
            call(app, "/art/2023/8/7/art_1229398364_1.html")[0], "404 Not Found"
        )
        for path in HOSTILE:
            with self.subTest(path=path[:60]):
                self.assertEqual(call(app, path)[0], "404 Not Found")

    def test_nginx_answers_301_from_the_generated_map(self):
        if not os.access(NGINX, os.X_OK):
            self.fail(f"{NGINX} is missing: run `make nginx` (Debian's nginx-light).")
        with Nginx(self.root, "127.0.0.1:9") as nginx:
            for old, new in self.expected.items():
                with self.subTest(old=old):
                    status, headers, _body = nginx.fetch(
                        self.folder, old, method="HEAD"
                    )
                    self.assertEqual(
                        (status, dict(headers).get("Location")), (301, new)
                    )
                    self.assertEqual(
                        nginx.fetch(self.folder, new, method="HEAD")[0], 200
                    )
            self.assertEqual(
                nginx.fetch(self.folder, "/art/2023/8/7/art_1229398364_1.html")[0], 404
            )
            for path in HOSTILE:
                with self.subTest(path=path[:60]):
                    self.assertIn(
                        nginx.fetch(self.folder, path, method="HEAD")[0],
                        (400, 404, 414),
                    )

    def test_the_application_redirects_too(self):
        response = self.client.get(SEED_LEGACY_PATH)
        self.assertEqual(
            (response.status_code, response["Location"]),
            (301, self.expected[SEED_LEGACY_PATH]),
        )

    def test_a_second_build_changes_nothing_and_a_removed_redirect_leaves_the_map(self):
        report = ensure_legacy_portal(site=self.demo.site, columns=self.demo.columns)
        self.assertEqual({entry.status for entry in report.entries}, {UNCHANGED})
        with self.captureOnCommitCallbacks(execute=True):
            Redirect.objects.filter(old_path=SEED_LEGACY_PATH).delete()
        self.assertNotIn(
            SEED_LEGACY_PATH,
            map_file(self.root, self.folder).read_text(encoding="utf-8"),
        )
        self.assertEqual(
            call(PublishRootApp(get_wsgi_application()), SEED_LEGACY_PATH)[0],
            "404 Not Found",
        )
