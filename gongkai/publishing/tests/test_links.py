"""Published pages link only to published files or served URLs (issue #16)."""

import re
import shutil
import tempfile
from io import StringIO
from urllib.parse import unquote, urlsplit

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from wagtail.models import Page
from wagtail.rich_text import RichText

from gongkai.demo.builder import DemoSite, build_demo_site
from gongkai.publishing.conf import get_dynamic_prefixes
from gongkai.publishing.links import (
    find_broken_links,
    find_internal_links,
    resolve_site_link,
)
from gongkai.publishing.services import get_site_tree, publish_site
from gongkai.reports.models import AnnualReportPage

from .factories import PublishRootTestCase

HREF = re.compile(r"""\s(?:href|src|action)="([^"]*)\"""")


class TempPublishRoot(TestCase):
    def setUp(self) -> None:
        super().setUp()
        self.root = tempfile.mkdtemp(prefix="gk-links-test-")
        self.addCleanup(shutil.rmtree, self.root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)


class PublishedDemoCrawlTests(TempPublishRoot):
    demo: DemoSite

    @classmethod
    def setUpTestData(cls) -> None:
        cls.demo = build_demo_site(item_count=12)

    def test_the_published_demo_has_no_broken_link_and_its_report_downloads_are_files(
        self,
    ):
        report = publish_site(site=self.demo.site, processes=1)
        self.assertEqual(report.failures, [])
        tree = get_site_tree(self.demo.site)
        # The crawl reads the real files, independently of the publisher's own check.
        dynamic = get_dynamic_prefixes()
        checked, broken = 0, []
        for html in tree.rglob("*.html"):
            for raw in HREF.findall(html.read_text("utf-8")):
                parts = urlsplit(raw.replace("&amp;", "&"))
                if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                    continue
                checked += 1
                path = unquote(parts.path)
                if path.startswith(dynamic):
                    continue
                target = tree / path.lstrip("/")
                if path.endswith("/"):
                    target = target / "index.html"
                if not target.is_file():
                    broken.append((str(html.relative_to(tree)), raw))
        self.assertGreater(checked, 500)
        self.assertEqual(broken, [])
        page = AnnualReportPage.objects.live().first()
        folder = tree / page.relative_url(self.demo.site).strip("/")
        docx = (folder / f"{page.slug}.docx").read_bytes()
        xlsx = (folder / f"{page.slug}.xlsx").read_bytes()
        self.assertTrue(docx.startswith(b"PK") and xlsx.startswith(b"PK"))
        page_html = (folder / "index.html").read_text("utf-8")
        self.assertIn(
            f'href="{page.relative_url(self.demo.site)}{page.slug}.docx"', page_html
        )


class BrokenLinkTests(PublishRootTestCase):
    def test_a_broken_internal_link_fails_the_publish_naming_page_and_link(self):
        item = self.items[0]
        item.body = [("paragraph", RichText('<p><a href="/zwgk/gone/">旧链接</a></p>'))]
        item.save_revision().publish()
        err = StringIO()
        with self.assertRaisesMessage(CommandError, "1 个页面发布失败"):
            call_command(
                "publish",
                site=self.site.hostname,
                processes=1,
                stdout=StringIO(),
                stderr=err,
            )
        lines = [line for line in err.getvalue().splitlines() if "/zwgk/gone/" in line]
        self.assertEqual(len(lines), 1)
        self.assertIn(Page.objects.get(pk=item.pk).relative_url(self.site), lines[0])
        # The rest of the site is still published.
        self.assertTrue((get_site_tree(self.site) / "index.html").is_file())


class LinkRuleTests(TestCase):
    def test_only_the_sites_own_links_are_collected(self):
        html = (
            b'<a href="/a/">x</a><a href="https://other.test/b/">x</a><a href="mailto:x@y">x</a>'
            b'<img src="/static/x.png"><a href="#top">x</a><a href="?page=2">x</a>'
            b'<a href="http://site.test/c/?q=1#f">x</a><a href="d.docx">x</a><form action="/search/">'
        )
        links = find_internal_links(html, "/p/", "http://site.test")
        self.assertEqual(
            links, {"/a/", "/static/x.png", "/c/", "/p/d.docx", "/search/"}
        )

    def test_dot_segments_resolve_as_a_browser_would_and_hosts_compare_without_port(
        self,
    ):
        html = (
            b'<a href="../b/x.html">x</a><a href="../../../../etc/passwd">x</a>'
            b'<a href="http://site.test:8080/c/">x</a><a href="ftp://site.test/f">x</a>'
        )
        links = find_internal_links(html, "/p/q/", "http://site.test")
        self.assertEqual(links, {"/p/b/x.html", "/etc/passwd", "/c/"})
        self.assertEqual(
            resolve_site_link("/p/", "./a%20b.html#%E6%AD%A3%E6%96%87", ("site.test",)),
            ("/p/a%20b.html", "正文"),
        )

    def test_published_files_dynamic_prefixes_and_bare_folders_resolve(self):
        published = {"index.html", "a/index.html", "a/r.docx"}
        links = {
            "/",
            "/a/",
            "/a",
            "/a/r.docx",
            "/search/",
            "/api/hits/1/",
            "/b/",
            "/a/%2e%2e/x",
            "/static/gone.css",
        }
        broken = find_broken_links(links, published, lambda path: False)
        self.assertEqual(broken, ["/a/%2e%2e/x", "/b/", "/static/gone.css"])
