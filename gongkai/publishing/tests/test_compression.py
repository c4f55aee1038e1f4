"""Precompressed siblings (issue 13): a real publish writes `.gz` and `.br` beside each
text file above MIN_SIZE, keeps them in step on single-file writes and removals, and
`verify` neither takes them for strays nor misses a stale one."""

import gzip
from pathlib import Path

import brotli

from gongkai.publishing.compression import MIN_SIZE
from gongkai.publishing.models import PublishedFile
from gongkai.publishing.services import (
    get_site_tree,
    publish_site,
    refresh_pages,
    repair_site,
    verify_site,
)

from .factories import PublishRootTestCase

TEXT = (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg")


def decompressed(sibling: Path) -> bytes:
    data = sibling.read_bytes()
    return gzip.decompress(data) if sibling.suffix == ".gz" else brotli.decompress(data)


class FullPublishTests(PublishRootTestCase):
    def setUp(self) -> None:
        super().setUp()
        publish_site(site=self.site)
        self.tree = get_site_tree(self.site)

    def test_every_large_text_file_has_both_siblings_holding_its_bytes(self):
        rows = PublishedFile.objects.filter(site=self.site)
        large = [
            row.path for row in rows if row.size >= MIN_SIZE and row.path.endswith(TEXT)
        ]
        self.assertIn("index.html", large)
        self.assertIn("static/gongkai/css/site.css", large)
        for path in large:
            file = self.tree / path
            for suffix in (".gz", ".br"):
                with self.subTest(path=path, suffix=suffix):
                    self.assertEqual(
                        decompressed(file.with_name(file.name + suffix)),
                        file.read_bytes(),
                    )

    def test_small_and_binary_files_have_none(self):
        rows = PublishedFile.objects.filter(site=self.site)
        others = [
            row.path
            for row in rows
            if row.size < MIN_SIZE or not row.path.endswith(TEXT)
        ]
        self.assertTrue(others)
        self.assertTrue(any(row.size < MIN_SIZE for row in rows))
        for path in others:
            for suffix in (".gz", ".br"):
                self.assertFalse((self.tree / (path + suffix)).exists(), path + suffix)

    def test_siblings_are_not_in_the_manifest_and_verify_is_clean(self):
        self.assertFalse(PublishedFile.objects.filter(path__endswith=".gz").exists())
        self.assertTrue(any(self.tree.rglob("*.html.gz")))
        self.assertTrue(verify_site(site=self.site).is_intact)


class SingleFileTests(PublishRootTestCase):
    def setUp(self) -> None:
        super().setUp()
        publish_site(site=self.site)
        tree = get_site_tree(self.site)
        assert tree is not None  # just published
        self.tree = tree
        self.page = self.tree / "zwgk/hy/item-0/index.html"

    def test_a_changed_page_gets_new_siblings(self):
        item = self.items[0]
        item.title = "会议信息（已更正）"
        item.save_revision().publish()
        refresh_pages(page_ids=[item.pk])
        self.assertIn("已更正", self.page.read_text("utf-8"))
        for suffix in (".gz", ".br"):
            self.assertEqual(
                decompressed(self.page.with_name("index.html" + suffix)),
                self.page.read_bytes(),
            )
        self.assertTrue(verify_site(site=self.site).is_intact)

    def test_a_removed_page_takes_its_siblings_with_it(self):
        item = self.items[0]
        self.assertTrue(self.page.with_name("index.html.gz").is_file())
        item.unpublish()
        refresh_pages(page_ids=[item.pk])
        self.assertFalse(self.page.parent.exists())
        self.assertTrue(verify_site(site=self.site).is_intact)


class VerifySiblingTests(PublishRootTestCase):
    def setUp(self) -> None:
        super().setUp()
        publish_site(site=self.site)
        tree = get_site_tree(self.site)
        assert tree is not None  # just published
        self.tree = tree
        self.page = self.tree / "zwgk/index.html"
        self.gz = self.page.with_name("index.html.gz")
        self.br = self.page.with_name("index.html.br")

    def test_a_stale_sibling_is_changed_and_repaired(self):
        original = self.page.read_bytes()
        self.gz.write_bytes(
            gzip.compress(original.replace("政务公开".encode(), "被篡改".encode()))
        )
        self.br.write_bytes(b"not brotli at all")
        report = verify_site(site=self.site)
        self.assertEqual(report.changed, ["zwgk/index.html.br", "zwgk/index.html.gz"])
        self.assertEqual((report.added, report.missing), ([], []))
        repair_site(site=self.site)
        self.assertEqual(decompressed(self.gz), original)
        self.assertEqual(decompressed(self.br), original)
        self.assertTrue(verify_site(site=self.site).is_intact)

    def test_a_sibling_whose_file_is_gone_is_a_stray(self):
        (self.tree / "zwgk/old.html.gz").write_bytes(gzip.compress(b"<p>old</p>" * 200))
        (self.tree / "zwgk/index.htm.gz").write_bytes(
            gzip.compress(self.page.read_bytes())
        )
        report = verify_site(site=self.site)
        self.assertEqual(report.added, ["zwgk/index.htm.gz", "zwgk/old.html.gz"])
        repair_site(site=self.site)
        self.assertFalse((self.tree / "zwgk/old.html.gz").exists())
        self.assertTrue(verify_site(site=self.site).is_intact)

    def test_a_missing_sibling_is_reported_and_written_again(self):
        self.br.unlink()
        self.assertEqual(verify_site(site=self.site).missing, ["zwgk/index.html.br"])
        repair_site(site=self.site)
        self.assertEqual(decompressed(self.br), self.page.read_bytes())

    def test_a_sibling_of_a_defaced_page_still_matches_the_manifest(self):
        """The page is what changed; repairing it leaves siblings that match again."""
        self.page.write_text("被篡改" * 1000, encoding="utf-8")
        self.assertEqual(verify_site(site=self.site).changed, ["zwgk/index.html"])
        repair_site(site=self.site)
        self.assertEqual(decompressed(self.gz), self.page.read_bytes())
        self.assertTrue(verify_site(site=self.site).is_intact)
