"""gongkai archive: WARC + CDXJ of the published demo, replayed byte-identical (issue 19)."""

import json
import shutil
import tempfile
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from urllib.parse import quote

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from warcio.archiveiterator import ArchiveIterator

from gongkai.demo.builder import build_demo_site
from gongkai.opendata.archive import ArchiveError, archive_site
from gongkai.publishing.models import PublishedFile
from gongkai.publishing.services import get_site_tree, publish_site


def records_by_url(warc: Path) -> dict[str, tuple[str, bytes, str]]:
    """URL -> (record type, payload, Content-Type) of every capture in the WARC."""
    found = {}
    with warc.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type in ("response", "revisit"):
                content_type = record.http_headers.get_header("Content-Type")
                found[record.rec_headers.get_header("WARC-Target-URI")] = (
                    record.rec_type,
                    record.content_stream().read(),
                    content_type,
                )
    return found


class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = tempfile.mkdtemp(prefix="gk-archive-publish-")
        with override_settings(GONGKAI_PUBLISH_ROOT=cls.root):
            cls.demo = build_demo_site(item_count=6)
            # Explicitly, inside the class's transaction: the demo's own publish runs on
            # commit, which a TestCase never reaches, and the manifest rows must persist.
            publish_site(site=cls.demo.site, processes=1)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        self.output = Path(tempfile.mkdtemp(prefix="gk-archive-out-"))
        self.addCleanup(shutil.rmtree, self.output, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)
        self.tree = get_site_tree(self.demo.site)

    def archive(self, second=0):
        now = datetime(2026, 12, 5, 10, 0, second, tzinfo=UTC)
        return archive_site(site=self.demo.site, output=self.output, now=now)

    def seed_url(self):
        return self.demo.site.root_url + quote(self.demo.seed_page.url)

    def test_the_seed_page_replays_byte_identical_with_its_type(self):
        report = self.archive()
        captures = records_by_url(report.warc)
        seed_file = self.tree / self.demo.seed_page.url.lstrip("/") / "index.html"
        kind, payload, content_type = captures[self.seed_url()]
        self.assertEqual(kind, "response")
        self.assertEqual(payload, seed_file.read_bytes())
        self.assertEqual(content_type, "text/html; charset=utf-8")
        self.assertEqual(report.refused, [])
        self.assertEqual(
            report.responses, PublishedFile.objects.filter(site=self.demo.site).count()
        )

    def test_the_cdxj_index_seeks_straight_to_the_record(self):
        report = self.archive()
        lines = report.index.read_text(encoding="utf-8").splitlines()
        entries = {
            json.loads(line.split(" ", 2)[2])["url"]: json.loads(line.split(" ", 2)[2])
            for line in lines
        }
        self.assertEqual(len(entries), report.responses)
        entry = entries[self.seed_url()]
        self.assertEqual(entry["status"], "200")
        with report.warc.open("rb") as stream:
            stream.seek(int(entry["offset"]))
            record = next(iter(ArchiveIterator(stream)))
            self.assertEqual(
                record.rec_headers.get_header("WARC-Target-URI"), self.seed_url()
            )
            self.assertEqual(
                record.content_stream().read(),
                (
                    self.tree / self.demo.seed_page.url.lstrip("/") / "index.html"
                ).read_bytes(),
            )

    def test_a_second_run_records_unchanged_files_as_revisits(self):
        first = self.archive(second=0)
        second = self.archive(second=1)
        self.assertEqual(first.refused, [])
        self.assertGreater(first.responses, 10)
        self.assertEqual(second.responses, 0)
        self.assertEqual(second.revisits, first.responses)
        kind, payload, _type = records_by_url(second.warc)[self.seed_url()]
        self.assertEqual((kind, payload), ("revisit", b""))

    def test_a_file_changed_behind_the_publisher_is_refused_not_archived(self):
        seed_file = self.tree / self.demo.seed_page.url.lstrip("/") / "index.html"
        original = seed_file.read_bytes()
        self.addCleanup(seed_file.write_bytes, original)
        seed_file.write_bytes(
            original.replace("全体会议".encode(), "篡改内容".encode())
        )
        report = self.archive()
        self.assertEqual(
            report.refused, [self.demo.seed_page.url.lstrip("/") + "index.html"]
        )
        self.assertNotIn(self.seed_url(), records_by_url(report.warc))

    def test_the_command_exits_non_zero_naming_the_tampered_file(self):
        seed_file = self.tree / self.demo.seed_page.url.lstrip("/") / "index.html"
        original = seed_file.read_bytes()
        self.addCleanup(seed_file.write_bytes, original)
        seed_file.write_bytes(b"<html>x</html>")
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "1 个文件与发布记录不一致或缺失"):
            call_command("archive", output=self.output, stdout=out)
        self.assertIn("index.html", out.getvalue())

    def test_the_same_second_never_overwrites_an_archive(self):
        self.archive(second=5)
        with self.assertRaisesMessage(ArchiveError, "归档文件已存在"):
            self.archive(second=5)


class UnpublishedArchiveTests(TestCase):
    def test_an_unpublished_site_is_one_clear_error(self):
        root = tempfile.mkdtemp(prefix="gk-archive-empty-")
        self.addCleanup(shutil.rmtree, root, True)
        from wagtail.models import Site

        with override_settings(GONGKAI_PUBLISH_ROOT=root):
            site = Site.objects.get(is_default_site=True)
            with self.assertRaisesMessage(CommandError, "尚未发布，无法归档"):
                call_command("archive", output=Path(root) / "out", stdout=StringIO())
            self.assertIsNotNone(site)
