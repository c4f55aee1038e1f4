import re
from pathlib import Path
from unittest import mock

from gongkai.core.enums import ColumnListMode
from gongkai.publishing import services
from gongkai.publishing.models import PublishedFile
from gongkai.publishing.services import (
    get_site_tree,
    publish_site,
    refresh_pages,
    repair_site,
    verify_site,
)

from .factories import PublishRootTestCase


class PublishSiteTests(PublishRootTestCase):
    def test_renders_every_public_file_of_the_site(self):
        """Home, columns with each list page, items, feeds, sitemaps, robots, 404, assets."""
        report = publish_site(site=self.site)
        tree = get_site_tree(self.site)
        self.assertEqual(report.failures, [])
        for path in (
            "index.html",
            "zwgk/index.html",
            "zwgk/page/1/index.html",
            "zwgk/page/2/index.html",
            "zwgk/hy/index.html",
            "zwgk/hy/page/2/index.html",
            "zwgk/hy/item-0/index.html",
            "zwgk/rss.xml",
            "tzgg/index.html",
            "sitemap.xml",
            f"sitemaps/{self.leaf.pk}.xml",
            "robots.txt",
            "404.html",
            "static/gongkai/css/site.css",
            "static/gongkai/js/site.js",
            "static/gongkai/js/font-preference.js",
        ):
            with self.subTest(path=path):
                self.assertTrue((tree / path).is_file())
        self.assertFalse((tree / "zwgk/page/3/index.html").exists())
        # Numbered from the oldest: page 1 = items 0 and 1, page 2 = item 2 (the newest).
        self.assertIn("会议信息0", (tree / "zwgk/page/1/index.html").read_text())
        self.assertNotIn("会议信息0", (tree / "zwgk/page/2/index.html").read_text())
        self.assertIn(
            'href="/zwgk/page/1/" rel="next"', (tree / "zwgk/index.html").read_text()
        )
        self.assertIn("/zwgk/hy/item-2/", (tree / "zwgk/rss.xml").read_text())

    def test_a_column_sitemap_lists_the_column_and_its_children(self):
        publish_site(site=self.site)
        text = (get_site_tree(self.site) / f"sitemaps/{self.leaf.pk}.xml").read_text()
        locs = re.findall(r"<loc>([^<]+)</loc>", text)
        expected = [self.leaf, *self.items]
        self.assertEqual(locs, [page.get_full_url() for page in expected])
        self.assertEqual(
            text.count("<lastmod>"), sum(1 for p in expected if p.last_published_at)
        )

    def test_manifest_records_each_file_with_size_and_hash(self):
        """Every file on disk is in the manifest with its size and SHA-256."""
        publish_site(site=self.site)
        tree = get_site_tree(self.site)
        rows = {row.path: row for row in PublishedFile.objects.filter(site=self.site)}
        on_disk = {str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file()}
        # Precompressed siblings (.gz, .br) are derived from their file: not in the manifest.
        self.assertEqual(
            set(rows), {path for path in on_disk if not path.endswith((".gz", ".br"))}
        )
        import hashlib

        row = rows["zwgk/index.html"]
        data = (tree / "zwgk/index.html").read_bytes()
        self.assertEqual(
            (row.size, row.sha256), (len(data), hashlib.sha256(data).hexdigest())
        )

    def test_catalog_columns_publish_only_their_first_page(self):
        """A catalog-mode column's pages 2..N are served under /search/, not as files."""
        self.leaf.list_mode = ColumnListMode.CATALOG
        self.leaf.save_revision().publish()
        publish_site(site=self.site)
        tree = get_site_tree(self.site)
        self.assertTrue((tree / "zwgk/hy/index.html").is_file())
        self.assertFalse((tree / "zwgk/hy/page/2").exists())

    def test_a_full_publish_switches_trees_and_removes_the_old_one(self):
        """The site folder is a link that moves to the new tree; the old tree is gone."""
        publish_site(site=self.site)
        first = get_site_tree(self.site)
        publish_site(site=self.site)
        second = get_site_tree(self.site)
        self.assertNotEqual(first, second)
        self.assertFalse(first.exists())
        self.assertTrue(
            (Path(self.root) / services.get_site_folder(self.site)).is_symlink()
        )

    def test_a_crash_mid_publish_leaves_the_previous_site(self):
        """An error while rendering the new tree leaves the live tree and manifest as they were."""
        publish_site(site=self.site)
        tree = get_site_tree(self.site)
        before = (tree / "zwgk/index.html").read_bytes()
        rows = PublishedFile.objects.count()
        with (
            mock.patch.object(
                services, "_copy_assets", side_effect=OSError("disk full")
            ),
            self.assertRaises(OSError),
        ):
            publish_site(site=self.site)
        self.assertEqual(get_site_tree(self.site), tree)
        self.assertEqual((tree / "zwgk/index.html").read_bytes(), before)
        self.assertEqual(PublishedFile.objects.count(), rows)
        self.assertEqual(len(list((Path(self.root) / ".trees").iterdir())), 1)

    def test_a_failing_page_is_reported_and_keeps_its_old_file(self):
        """One page that cannot render is listed with its reason; the rest publish."""
        publish_site(site=self.site)
        item = self.items[0]
        from gongkai.publishing.renderer import RenderError, SiteRenderer

        original = SiteRenderer.render_page

        def fail_one(renderer, target, page=None):
            if target.page_id == item.pk:
                raise RenderError("模板错误")
            return original(renderer, target, page)

        with mock.patch.object(SiteRenderer, "render_page", fail_one):
            report = publish_site(site=self.site)
        self.assertEqual(report.failures, [("/zwgk/hy/item-0/", "模板错误")])
        self.assertTrue(
            (get_site_tree(self.site) / "zwgk/hy/item-0/index.html").is_file()
        )
        self.assertTrue(
            (get_site_tree(self.site) / "zwgk/hy/item-1/index.html").is_file()
        )


class AtomicWriteTests(PublishRootTestCase):
    def test_a_crash_while_writing_leaves_the_old_file(self):
        """write_file renames a finished temporary file: a failed write changes nothing."""
        from gongkai.publishing import trees

        publish_site(site=self.site)
        page = get_site_tree(self.site) / "zwgk/index.html"
        before = page.read_bytes()
        with (
            mock.patch.object(trees.os, "replace", side_effect=OSError("crash")),
            self.assertRaises(OSError),
        ):
            trees.write_file(page, b"half")
        self.assertEqual(page.read_bytes(), before)
        self.assertEqual(
            [p.name for p in page.parent.iterdir() if p.name.startswith(".")], []
        )


class VerifyTests(PublishRootTestCase):
    def test_reports_changed_missing_and_added_files_and_repairs_them(self):
        """A defaced page, a deleted page and a planted file are found, then restored/removed."""
        publish_site(site=self.site)
        tree = get_site_tree(self.site)
        original = (tree / "zwgk/index.html").read_bytes()
        (tree / "zwgk/index.html").write_text("被篡改", encoding="utf-8")
        (tree / "zwgk/hy/item-1/index.html").unlink()
        (tree / "zwgk/evil.html").write_text("<script>", encoding="utf-8")
        report = verify_site(site=self.site)
        self.assertEqual(report.changed, ["zwgk/index.html"])
        self.assertEqual(report.missing, ["zwgk/hy/item-1/index.html"])
        self.assertEqual(report.added, ["zwgk/evil.html"])
        repair_site(site=self.site)
        self.assertTrue(verify_site(site=self.site).is_intact)
        self.assertEqual((tree / "zwgk/index.html").read_bytes(), original)
        self.assertFalse((tree / "zwgk/evil.html").exists())

    def test_a_restored_asset_is_copied_again(self):
        publish_site(site=self.site)
        tree = get_site_tree(self.site)
        (tree / "static/gongkai/js/site.js").write_text("alert(1)", encoding="utf-8")
        self.assertEqual(
            verify_site(site=self.site).changed, ["static/gongkai/js/site.js"]
        )
        repair_site(site=self.site)
        self.assertTrue(verify_site(site=self.site).is_intact)


class RefreshPagesTests(PublishRootTestCase):
    def test_is_idempotent(self):
        """Refreshing pages that did not change writes nothing."""
        publish_site(site=self.site)
        reports = refresh_pages(page_ids=[self.items[0].pk, self.leaf.pk])
        self.assertEqual(reports[0].written, [])
        self.assertEqual(reports[0].removed, [])

    def test_does_nothing_for_an_unpublished_site(self):
        self.assertEqual(refresh_pages(page_ids=[self.items[0].pk]), [])
        self.assertIsNone(get_site_tree(self.site))
