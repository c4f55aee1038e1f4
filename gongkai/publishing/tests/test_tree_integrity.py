"""Issue 13 item 8: symlinks in the published tree, abandoned trees, the switch journal.

Real files in a temporary publish root; symlinks planted inside and pointing out."""

import os
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command

from gongkai.publishing import services, trees
from gongkai.publishing.models import PublishedFile
from gongkai.publishing.services import (
    PublishError,
    get_site_folder,
    get_site_tree,
    publish_site,
    repair_site,
    verify_site,
)

from .factories import PublishRootTestCase


class SymlinkTests(PublishRootTestCase):
    def setUp(self) -> None:
        super().setUp()
        publish_site(site=self.site)
        self.tree = get_site_tree(self.site)
        self.outside = Path(tempfile.mkdtemp(prefix="gk-outside-"))
        self.addCleanup(lambda: shutil.rmtree(self.outside, True))
        (self.outside / "secret.txt").write_text("机密", encoding="utf-8")
        (self.outside / "index.html").write_text("外部", encoding="utf-8")

    def outside_files(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in self.outside.iterdir()}

    def test_a_symlinked_directory_pointing_out_is_a_finding_and_repair_writes_nothing_outside(
        self,
    ):
        """The case of the issue: a published folder replaced by a link to a folder outside;
        repair must not write the folder's 19 files through it."""
        before = self.outside_files()
        hy = self.tree / "zwgk/hy"
        shutil.rmtree(hy)
        os.symlink(self.outside, hy)
        report = verify_site(site=self.site)
        self.assertFalse(report.is_intact)
        self.assertEqual(report.symlinks, ["zwgk/hy"])
        self.assertNotIn(
            "zwgk/hy/index.html", report.changed
        )  # never read through the link
        self.assertIn("zwgk/hy/index.html", report.missing)
        repair_site(site=self.site)
        self.assertEqual(self.outside_files(), before)
        self.assertFalse(hy.is_symlink())
        self.assertTrue((hy / "index.html").is_file())
        self.assertTrue(verify_site(site=self.site).is_intact)

    def test_a_symlink_to_a_file_outside_replacing_a_published_file(self):
        before = self.outside_files()
        page = self.tree / "zwgk/index.html"
        original = page.read_bytes()
        page.unlink()
        os.symlink(self.outside / "index.html", page)
        report = verify_site(site=self.site)
        self.assertEqual(report.symlinks, ["zwgk/index.html"])
        repair_site(site=self.site)
        self.assertEqual(self.outside_files(), before)
        self.assertFalse(page.is_symlink())
        self.assertEqual(page.read_bytes(), original)
        self.assertTrue(verify_site(site=self.site).is_intact)

    def test_added_symlinks_inside_and_out_are_removed_not_followed(self):
        (self.tree / "leak.txt").symlink_to(self.outside / "secret.txt")
        (self.tree / "zwgk/copy").symlink_to(
            self.tree / "zwgk/hy"
        )  # a folder link pointing in
        (self.tree / "same.html").symlink_to(
            "index.html"
        )  # a relative file link pointing in
        (self.tree / "dangling").symlink_to("/nonexistent/gk")
        report = verify_site(site=self.site)
        self.assertEqual(
            report.symlinks, ["dangling", "leak.txt", "same.html", "zwgk/copy"]
        )
        self.assertEqual(report.added, [])
        repair_site(site=self.site)
        self.assertEqual(
            (self.outside / "secret.txt").read_text(encoding="utf-8"), "机密"
        )
        self.assertTrue(
            (self.tree / "zwgk/hy/index.html").is_file()
        )  # the link's target kept
        for name in ("leak.txt", "zwgk/copy", "same.html", "dangling"):
            self.assertFalse(os.path.lexists(self.tree / name), name)
        self.assertTrue(verify_site(site=self.site).is_intact)

    def test_the_command_lists_symlinks_and_fails(self):
        (self.tree / "leak.txt").symlink_to(self.outside / "secret.txt")
        out = StringIO()
        with self.assertRaises(CommandError):
            call_command("verify", stdout=out)
        self.assertIn("符号链接 1 个", out.getvalue())
        self.assertIn("leak.txt", out.getvalue())

    def test_a_site_link_pointing_outside_the_publish_root_is_refused(self):
        link = Path(self.root) / get_site_folder(self.site)
        link.unlink()
        link.symlink_to(self.outside)
        with self.assertRaises(PublishError):
            verify_site(site=self.site)
        with self.assertRaises(PublishError):
            repair_site(site=self.site)
        with self.assertRaises(PublishError):
            publish_site(site=self.site)
        self.assertEqual(sorted(self.outside_files()), ["index.html", "secret.txt"])

    def test_restore_refuses_a_path_behind_a_symlink_planted_during_repair(self):
        """Belt and braces: even if a link appears after verify looked, nothing is written through it."""
        hy = self.tree / "zwgk/hy"
        (hy / "index.html").unlink()
        real_verify = services.verify_site

        def verify_then_plant(**kwargs):
            found = real_verify(**kwargs)
            shutil.rmtree(hy)
            os.symlink(self.outside, hy)
            return found

        with (
            mock.patch.object(services, "verify_site", verify_then_plant),
            self.assertRaises(PublishError),
        ):
            repair_site(site=self.site)
        self.assertEqual(sorted(self.outside_files()), ["index.html", "secret.txt"])
        self.assertEqual(
            (self.outside / "index.html").read_text(encoding="utf-8"), "外部"
        )


class AbandonedTreeTests(PublishRootTestCase):
    def test_trees_left_by_killed_publishes_are_removed_at_the_next_publish(self):
        publish_site(site=self.site)
        root, folder = Path(self.root), get_site_folder(self.site)
        live = get_site_tree(self.site)
        # Two publishes killed while rendering: their trees stay behind.
        killed = [trees.create_tree(root, folder) for _ in range(2)]
        for tree in killed:
            (tree / "index.html").write_text("半成品", encoding="utf-8")
        other_site = (
            root / trees.TREES_DIR / f"{folder}.cn.20240101-000000.abcdef12"
        )  # another site's tree
        other_site.mkdir()
        self.assertEqual(trees.abandoned_trees(root, folder), sorted(killed))
        publish_site(site=self.site)
        for tree in [*killed, live]:
            self.assertFalse(tree.exists(), tree)
        self.assertTrue(other_site.is_dir())
        left = sorted(p.name for p in (root / trees.TREES_DIR).iterdir())
        self.assertEqual(left, sorted([get_site_tree(self.site).name, other_site.name]))

    def test_the_live_tree_is_never_an_abandoned_one(self):
        publish_site(site=self.site)
        self.assertEqual(
            trees.abandoned_trees(Path(self.root), get_site_folder(self.site)), []
        )


class SwitchJournalTests(PublishRootTestCase):
    def test_a_crash_between_switch_and_manifest_is_detected_and_repaired(self):
        """Simulated kill: the journal is written, the link switched, then the manifest
        transaction never commits. verify reports it; repair makes tree and manifest agree."""
        publish_site(site=self.site)
        old_tree = get_site_tree(self.site)
        old_manifest = set(PublishedFile.objects.values_list("path", "sha256"))
        self.leaf.title = "改名后的栏目"
        self.leaf.save_revision().publish()

        class Killed(BaseException):
            pass

        real_switch = trees.switch_tree

        def switch_then_die(*args):
            real_switch(*args)
            raise Killed

        with (
            mock.patch.object(services, "switch_tree", switch_then_die),
            self.assertRaises(Killed),
        ):
            publish_site(site=self.site)
        root, folder = Path(self.root), get_site_folder(self.site)
        self.assertTrue(trees.has_journal(root, folder))
        self.assertNotEqual(
            get_site_tree(self.site), old_tree
        )  # new tree live, kept (not removed)
        self.assertTrue((get_site_tree(self.site) / "index.html").is_file())
        self.assertEqual(
            set(PublishedFile.objects.values_list("path", "sha256")), old_manifest
        )
        report = verify_site(site=self.site)
        self.assertTrue(report.interrupted)
        self.assertFalse(report.is_intact)
        out = StringIO()
        with self.assertRaises(CommandError):
            call_command("verify", stdout=out)
        self.assertIn("中断", out.getvalue())
        repair_site(site=self.site)
        self.assertFalse(trees.has_journal(root, folder))
        self.assertTrue(verify_site(site=self.site).is_intact)
        # The next publish also cleans the tree the interrupted one left behind.
        publish_site(site=self.site)
        self.assertEqual(len(list((root / trees.TREES_DIR).iterdir())), 1)

    def test_a_crash_after_the_journal_before_the_switch_is_repaired_by_the_next_publish(
        self,
    ):
        publish_site(site=self.site)
        live = get_site_tree(self.site)
        with (
            mock.patch.object(services, "switch_tree", side_effect=OSError("killed")),
            self.assertRaises(OSError),
        ):
            publish_site(site=self.site)
        root, folder = Path(self.root), get_site_folder(self.site)
        self.assertEqual(get_site_tree(self.site), live)  # old site untouched
        self.assertTrue(verify_site(site=self.site).interrupted)
        publish_site(site=self.site)
        self.assertFalse(trees.has_journal(root, folder))
        self.assertTrue(verify_site(site=self.site).is_intact)

    def test_a_complete_publish_leaves_no_journal(self):
        publish_site(site=self.site)
        self.assertFalse(trees.has_journal(Path(self.root), get_site_folder(self.site)))
        self.assertFalse(verify_site(site=self.site).interrupted)
