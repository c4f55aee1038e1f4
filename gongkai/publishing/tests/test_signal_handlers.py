import hashlib
import weakref
from contextlib import contextmanager
from unittest import mock

from django.test import SimpleTestCase

from gongkai.core import changes
from gongkai.publishing.compression import sibling_base
from gongkai.publishing.models import PublishedFile
from gongkai.publishing.renderer import SiteRenderer
from gongkai.publishing.services import get_site_tree, publish_site
from gongkai.publishing.signal_handlers import (
    publish_on_page_published,
    publishing_suspended,
)

from .factories import PublishRootTestCase


def snapshot(tree):
    """Published files and their hashes; the .gz/.br siblings of a file follow it
    (test_compression.py checks them) and are left out here."""
    return {
        str(path.relative_to(tree)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in tree.rglob("*")
        if path.is_file() and sibling_base(str(path.relative_to(tree))) is None
    }


class IncrementalTestCase(PublishRootTestCase):
    """Helpers to compare the published tree before and after a change."""

    @property
    def tree(self):
        return get_site_tree(self.site)

    @contextmanager
    def changes(self):
        """Yield a dict filled, on exit, with the files rewritten, added and removed."""
        before = snapshot(self.tree)
        self.assertTrue(before)
        result = {}
        with self.captureOnCommitCallbacks(execute=True):
            yield result
        after = snapshot(self.tree)
        result["added"] = sorted(after.keys() - before.keys())
        result["removed"] = sorted(before.keys() - after.keys())
        result["rewritten"] = sorted(
            p for p in before.keys() & after.keys() if before[p] != after[p]
        )

    def assert_manifest_matches_disk(self):
        rows = dict(
            PublishedFile.objects.filter(site=self.site).values_list("path", "sha256")
        )
        self.assertEqual(rows, snapshot(self.tree))


class IncrementalPublishTests(IncrementalTestCase):
    """Page events rewrite exactly the affected files, after commit, through the task queue."""

    def setUp(self):
        super().setUp()
        publish_site(site=self.site)

    def test_publishing_a_new_item_updates_its_page_lists_feeds_and_home(self):
        with self.changes() as files:
            item = self.add_item(self.leaf, 9)
        leaf_sitemap = f"sitemaps/{self.leaf.pk}.xml"
        self.assertEqual(files["added"], ["zwgk/hy/item-9/index.html"])
        self.assertEqual(files["removed"], [])
        self.assertEqual(
            files["rewritten"],
            sorted(
                [
                    "index.html",
                    "zwgk/index.html",
                    "zwgk/page/2/index.html",
                    "zwgk/rss.xml",
                    "zwgk/hy/index.html",
                    "zwgk/hy/page/2/index.html",
                    "zwgk/hy/rss.xml",
                    leaf_sitemap,
                    "zwgk/hy/item-2/index.html",  # its 上一篇 is now the new item
                ]
            ),
        )
        self.assertIn(item.title, (self.tree / "zwgk/hy/index.html").read_text())
        self.assertIn(item.title, (self.tree / "zwgk/hy/item-2/index.html").read_text())
        self.assert_manifest_matches_disk()

    def test_unpublishing_removes_the_item_and_shortens_the_lists(self):
        """3 items at 2 a page become 2: both columns fit on their front page again, so
        their numbered pages disappear (no stale page)."""
        hy_sitemap = f"sitemaps/{self.leaf.pk}.xml"
        with self.changes() as files:
            self.items[0].unpublish()
        self.assertEqual(files["added"], [])
        self.assertEqual(
            files["removed"],
            sorted(
                [
                    "zwgk/hy/item-0/index.html",
                    "zwgk/hy/page/1/index.html",
                    "zwgk/hy/page/2/index.html",
                    "zwgk/page/1/index.html",
                    "zwgk/page/2/index.html",
                ]
            ),
        )
        self.assertEqual(
            files["rewritten"],
            sorted(
                [
                    "index.html",
                    "zwgk/index.html",
                    "zwgk/rss.xml",
                    "zwgk/hy/index.html",
                    "zwgk/hy/rss.xml",
                    hy_sitemap,
                    "zwgk/hy/item-1/index.html",  # its 下一篇 was item 0
                ]
            ),
        )
        self.assertNotIn("会议信息0", (self.tree / "zwgk/hy/rss.xml").read_text())
        self.assertNotIn(
            "会议信息0", (self.tree / "zwgk/hy/item-1/index.html").read_text()
        )
        self.assert_manifest_matches_disk()

    def test_deleting_an_item_removes_its_file(self):
        with self.changes() as files:
            self.items[2].delete()
        self.assertIn("zwgk/hy/item-2/index.html", files["removed"])
        self.assertNotIn("会议信息2", (self.tree / "index.html").read_text())
        self.assertNotIn("会议信息2", (self.tree / "zwgk/index.html").read_text())
        self.assert_manifest_matches_disk()

    def test_moving_an_item_updates_both_columns_and_leaves_nothing_stale(self):
        with self.changes() as files:
            self.items[2].move(self.other, pos="last-child")
        self.assertEqual(files["added"], ["tzgg/item-2/index.html"])
        self.assertEqual(
            files["removed"],
            sorted(
                [
                    "zwgk/hy/item-2/index.html",
                    "zwgk/hy/page/1/index.html",
                    "zwgk/hy/page/2/index.html",
                    "zwgk/page/1/index.html",
                    "zwgk/page/2/index.html",
                ]
            ),
        )
        self.assertEqual(
            files["rewritten"],
            sorted(
                [
                    "index.html",
                    "zwgk/index.html",
                    "zwgk/rss.xml",
                    "zwgk/hy/index.html",
                    "zwgk/hy/rss.xml",
                    "tzgg/index.html",
                    "tzgg/rss.xml",
                    f"sitemaps/{self.leaf.pk}.xml",
                    f"sitemaps/{self.other.pk}.xml",
                    "zwgk/hy/item-1/index.html",  # its 上一篇 in the old column was item 2
                ]
            ),
        )
        self.assertIn("会议信息2", (self.tree / "tzgg/index.html").read_text())
        self.assertNotIn(
            "会议信息2", (self.tree / "zwgk/hy/item-1/index.html").read_text()
        )
        self.assertNotIn("会议信息2", (self.tree / "zwgk/hy/index.html").read_text())
        self.assertNotIn("会议信息2", (self.tree / "zwgk/index.html").read_text())
        self.assert_manifest_matches_disk()

    def test_renaming_an_item_rewrites_it_where_it_is_listed(self):
        item = self.items[1]
        with self.changes() as files:
            item.title, item.slug = "会议信息改名", "renamed"
            item.save_revision().publish()
        self.assertEqual(files["added"], ["zwgk/hy/renamed/index.html"])
        self.assertEqual(files["removed"], ["zwgk/hy/item-1/index.html"])
        self.assertIn("会议信息改名", (self.tree / "zwgk/hy/index.html").read_text())
        self.assert_manifest_matches_disk()

    def test_renaming_an_item_rewrites_its_interpretation(self):
        """The interpretation lists the items it interprets: it is a dependant page."""
        from gongkai.catalog.models import InterpretationPage
        from gongkai.catalog.tests.factories import publish

        interpretation = self.other.add_child(
            instance=InterpretationPage(
                title="一图读懂",
                slug="ytdd",
                publisher=self.publisher,
                live=False,
            )
        )
        interpretation.interprets.add(self.items[0])
        with self.captureOnCommitCallbacks(execute=True):
            publish(interpretation)
        item = self.items[0]
        with self.changes() as files:
            item.title = "会议信息新标题"
            item.save_revision().publish()
        self.assertIn("tzgg/ytdd/index.html", files["rewritten"])
        self.assertIn(
            "会议信息新标题", (self.tree / "tzgg/ytdd/index.html").read_text()
        )

    def test_changing_a_column_republishes_the_site(self):
        """A column's title is in the navigation of every page: the whole site is rebuilt."""
        self.other.title = "通知"
        with self.changes() as files:
            self.other.save_revision().publish()
        self.assertIn("zwgk/hy/item-0/index.html", files["rewritten"])
        self.assertIn("通知", (self.tree / "tzgg/index.html").read_text())

    def test_nothing_is_published_while_suspended(self):
        with self.changes() as files, publishing_suspended():
            self.add_item(self.leaf, 8)
        self.assertEqual(files, {"added": [], "removed": [], "rewritten": []})


class StablePaginationIncrementalTests(IncrementalTestCase):
    """A longer column (7 items, 2 a page: pages 1-3 full, page 4 holds the newest):
    an item change re-renders only the list pages from its position on; older
    numbered pages are neither rendered nor rewritten."""

    def setUp(self):
        super().setUp()
        with publishing_suspended():
            self.more = [self.add_item(self.leaf, number) for number in range(3, 7)]
        publish_site(site=self.site)
        self.rendered = []
        original = SiteRenderer.render

        def recording(renderer, target, page=None):
            self.rendered.append(target.file_path)
            return original(renderer, target, page)

        patcher = mock.patch.object(SiteRenderer, "render", recording)
        patcher.start()
        self.addCleanup(patcher.stop)

    def rendered_list_pages(self):
        return sorted(path for path in self.rendered if "/page/" in path)

    def test_a_new_item_rewrites_the_front_and_newest_pages_only(self):
        with self.changes() as files:
            self.add_item(self.leaf, 9)
        self.assertEqual(files["added"], ["zwgk/hy/item-9/index.html"])
        self.assertEqual(files["removed"], [])
        self.assertEqual(
            files["rewritten"],
            sorted(
                [
                    "index.html",
                    "zwgk/index.html",
                    "zwgk/page/4/index.html",
                    "zwgk/rss.xml",
                    "zwgk/hy/index.html",
                    "zwgk/hy/page/4/index.html",
                    "zwgk/hy/rss.xml",
                    f"sitemaps/{self.leaf.pk}.xml",
                    "zwgk/hy/item-6/index.html",  # 上一篇 of item 6
                ]
            ),
        )
        self.assertEqual(
            self.rendered_list_pages(),
            ["zwgk/hy/page/4/index.html", "zwgk/page/4/index.html"],
        )
        self.assert_manifest_matches_disk()

    def add_eighth_item(self):
        with publishing_suspended():
            self.add_item(self.leaf, 7)
        publish_site(
            site=self.site
        )  # 8 items: page 4 is full, the front page shows it all
        self.rendered.clear()

    def test_a_new_item_that_opens_a_page_relabels_every_page(self):
        """The 9th item opens page 5: labels count from the newest, so every numbered
        page is re-labelled (page 1 becomes 第5页) and page 4 (now 第2页) leads back
        to the front page."""
        self.add_eighth_item()
        with self.changes() as files:
            self.add_item(self.leaf, 9)
        self.assertEqual(
            files["added"],
            sorted(
                [
                    "zwgk/hy/item-9/index.html",
                    "zwgk/hy/page/5/index.html",
                    "zwgk/page/5/index.html",
                ]
            ),
        )
        self.assertEqual(files["removed"], [])
        numbered = [
            f"{column}/page/{n}/index.html"
            for column in ("zwgk", "zwgk/hy")
            for n in (1, 2, 3, 4)
        ]
        self.assertEqual(
            files["rewritten"],
            sorted(
                [
                    "index.html",
                    "zwgk/index.html",
                    "zwgk/rss.xml",
                    "zwgk/hy/index.html",
                    "zwgk/hy/rss.xml",
                    f"sitemaps/{self.leaf.pk}.xml",
                    "zwgk/hy/item-7/index.html",
                    *numbered,
                ]
            ),
        )
        self.assertIn(
            'href="/zwgk/hy/" rel="prev"',
            (self.tree / "zwgk/hy/page/4/index.html").read_text(),
        )
        self.assertIn(
            "第 5 页，共 5 页", (self.tree / "zwgk/hy/page/1/index.html").read_text()
        )
        self.assert_manifest_matches_disk()

    def test_unpublishing_an_item_shifts_only_the_pages_after_it(self):
        """8 items; item 5 (page 3) goes: pages 3 and 4 shift, 7 items keep 4 pages (and
        their labels); pages 1-2 are not rendered. Items 4 and 6 become 上一篇/下一篇."""
        self.add_eighth_item()
        with self.changes() as files:
            self.more[2].unpublish()
        self.assertEqual(files["added"], [])
        self.assertEqual(files["removed"], ["zwgk/hy/item-5/index.html"])
        self.assertEqual(
            files["rewritten"],
            sorted(
                [
                    "index.html",
                    "zwgk/index.html",
                    "zwgk/page/3/index.html",
                    "zwgk/page/4/index.html",
                    "zwgk/rss.xml",
                    "zwgk/hy/index.html",
                    "zwgk/hy/page/3/index.html",
                    "zwgk/hy/page/4/index.html",
                    "zwgk/hy/rss.xml",
                    f"sitemaps/{self.leaf.pk}.xml",
                    "zwgk/hy/item-4/index.html",
                    "zwgk/hy/item-6/index.html",
                ]
            ),
        )
        self.assertNotIn("zwgk/hy/page/1/index.html", self.rendered)
        self.assertIn(
            "会议信息6", (self.tree / "zwgk/hy/item-4/index.html").read_text()
        )
        self.assert_manifest_matches_disk()

    def test_an_item_that_closes_a_page_relabels_every_page(self):
        """7 items -> 6: page 4 disappears and pages 1-3 are re-labelled (第3页 is now 尾页)."""
        with self.changes() as files:
            self.more[2].unpublish()
        self.assertEqual(
            files["removed"],
            sorted(
                [
                    "zwgk/hy/item-5/index.html",
                    "zwgk/hy/page/4/index.html",
                    "zwgk/page/4/index.html",
                ]
            ),
        )
        for path in (
            "zwgk/hy/page/1/index.html",
            "zwgk/hy/page/2/index.html",
            "zwgk/hy/page/3/index.html",
        ):
            self.assertIn(path, files["rewritten"])
        self.assertIn(
            "第 3 页，共 3 页", (self.tree / "zwgk/hy/page/1/index.html").read_text()
        )
        self.assert_manifest_matches_disk()

    def test_moving_an_item_shifts_only_the_pages_after_it_in_the_old_column(self):
        self.add_eighth_item()
        with self.changes() as files:
            self.more[2].move(self.other, pos="last-child")
        self.assertEqual(files["added"], ["tzgg/item-5/index.html"])
        self.assertEqual(files["removed"], ["zwgk/hy/item-5/index.html"])
        self.assertEqual(
            files["rewritten"],
            sorted(
                [
                    "index.html",
                    "zwgk/index.html",
                    "zwgk/page/3/index.html",
                    "zwgk/page/4/index.html",
                    "zwgk/rss.xml",
                    "zwgk/hy/index.html",
                    "zwgk/hy/page/3/index.html",
                    "zwgk/hy/page/4/index.html",
                    "zwgk/hy/rss.xml",
                    "tzgg/index.html",
                    "tzgg/rss.xml",
                    f"sitemaps/{self.leaf.pk}.xml",
                    f"sitemaps/{self.other.pk}.xml",
                    "zwgk/hy/item-4/index.html",
                    "zwgk/hy/item-6/index.html",
                ]
            ),
        )
        self.assertEqual(
            self.rendered_list_pages(),
            sorted(
                [
                    "zwgk/hy/page/3/index.html",
                    "zwgk/hy/page/4/index.html",
                    "zwgk/page/3/index.html",
                    "zwgk/page/4/index.html",
                ]
            ),
        )
        self.assert_manifest_matches_disk()

    def test_renaming_an_old_item_renders_only_its_own_list_page(self):
        """Same 发布时间, new title: item 0 stays on page 1; pages 2-4 are not rendered."""
        item = self.items[0]
        with self.changes() as files:
            item.title = "会议信息更正"
            item.save_revision().publish()
        self.assertEqual(files["added"], [])
        self.assertEqual(files["removed"], [])
        self.assertEqual(
            self.rendered_list_pages(),
            ["zwgk/hy/page/1/index.html", "zwgk/page/1/index.html"],
        )
        self.assertIn("zwgk/hy/page/1/index.html", files["rewritten"])
        self.assertIn(
            "会议信息更正", (self.tree / "zwgk/hy/page/1/index.html").read_text()
        )
        self.assert_manifest_matches_disk()

    def test_publishing_an_unpublished_item_again_shifts_the_pages_after_it(self):
        """Same object, same 发布时间: unpublished, then published again, item 1 re-enters
        page 1 and every later page shifts back (8 items: 4 pages before and after)."""
        self.assert_publishing_again_shifts_the_pages(
            lambda item: item.save_revision().publish()
        )

    def test_publishing_the_unpublished_instance_itself_again_shifts_the_pages_after_it(
        self,
    ):
        """Wagtail publishes a fresh instance built from the revision; code that publishes
        an instance it holds (a script, an import) saves the same Python object that took
        the unpublish. The list position remembered then (live) must not pass for its
        position now, or the item would count as staying and pages 2-4 keep it out."""

        def publish_same_instance(item):
            item.live = True
            item.save()
            publish_on_page_published(sender=type(item), instance=item)

        self.assert_publishing_again_shifts_the_pages(publish_same_instance)

    def assert_publishing_again_shifts_the_pages(self, publish_again):
        with publishing_suspended():
            self.add_item(self.leaf, 7)
        publish_site(site=self.site)
        item = self.items[1]
        with self.captureOnCommitCallbacks(execute=True):
            item.unpublish()
        with self.changes() as files:
            publish_again(item)
        for n in (1, 2, 3, 4):
            with self.subTest(page=n):
                self.assertIn(f"zwgk/hy/page/{n}/index.html", files["rewritten"])
        self.assertEqual(files["added"], ["zwgk/hy/item-1/index.html"])
        self.assert_manifest_matches_disk()

    def test_a_later_publication_date_shifts_the_pages_from_its_old_position(self):
        """Re-publishing the oldest item dated after the newest moves it from page 1 to
        page 4: every numbered page changes, which only its old position tells."""
        from datetime import timedelta

        from .factories import START

        item = self.items[0]
        with self.changes() as files:
            item.published_at = START + timedelta(days=30)
            item.save_revision().publish()
        for n in (1, 2, 3, 4):
            with self.subTest(page=n):
                self.assertIn(f"zwgk/hy/page/{n}/index.html", files["rewritten"])
        self.assertNotIn(
            item.title, (self.tree / "zwgk/hy/page/1/index.html").read_text()
        )
        self.assertIn(item.title, (self.tree / "zwgk/hy/page/4/index.html").read_text())
        self.assert_manifest_matches_disk()


class CatalogColumnIncrementalTests(PublishRootTestCase):
    """A catalog-mode column's file is rendered from the search index. The search app
    indexes the item in its own task, which another worker may run after the publishing
    task: the publishing task must not depend on it having run."""

    def setUp(self):
        super().setUp()
        from gongkai.core.enums import ColumnListMode
        from gongkai.search.indexing import rebuild_index

        self.leaf.list_mode = ColumnListMode.CATALOG
        self.leaf.save_revision().publish()
        rebuild_index()
        publish_site(site=self.site)
        self.catalog_file = get_site_tree(self.site) / "zwgk/hy/index.html"
        self.assertIn("会议信息2", self.catalog_file.read_text())

    @contextmanager
    def search_task_runs_last(self):
        """Run the publishing task first and the search app's index task after it."""
        deferred = []
        with (
            changes.consumers_replaced(search=deferred.append),
            self.captureOnCommitCallbacks(execute=True),
        ):
            yield
        self.assertTrue(
            deferred, "the search app no longer indexes on publish: update this test"
        )

    def test_a_new_item_is_in_the_catalog_file_before_the_search_task_runs(self):
        with self.search_task_runs_last():
            item = self.add_item(self.leaf, 9)
        self.assertIn(item.title, self.catalog_file.read_text())

    def test_an_unpublished_item_leaves_the_catalog_file_before_the_search_task_runs(
        self,
    ):
        with self.search_task_runs_last():
            self.items[2].unpublish()
        self.assertNotIn("会议信息2", self.catalog_file.read_text())


class RolledBackTransactionTests(IncrementalTestCase):
    """A change whose transaction rolls back leaves nothing behind that blocks later ones."""

    def setUp(self):
        super().setUp()
        publish_site(site=self.site)

    def test_a_rolled_back_change_does_not_swallow_later_changes(self):
        from django.db import transaction

        with self.assertRaises(RuntimeError), transaction.atomic():
            item = self.items[0]
            item.title = "回滚的修改"
            item.save_revision().publish()
            raise RuntimeError("rolled back")
        with self.changes() as files:
            self.add_item(self.leaf, 9)
        self.assertEqual(files["added"], ["zwgk/hy/item-9/index.html"])


class ReceiverWiringTests(SimpleTestCase):
    """No gongkai receiver runs for every model's save or delete."""

    def test_model_signal_receivers_name_their_senders(self):
        from django.db.models import signals
        from django.dispatch.dispatcher import NONE_ID

        senderless = []
        for signal in (
            signals.pre_save,
            signals.post_save,
            signals.pre_delete,
            signals.post_delete,
        ):
            for entry in signal.receivers:
                lookup_key, reference = entry[0], entry[1]
                is_weak = isinstance(reference, weakref.ReferenceType)
                receiver = reference() if is_weak else reference
                module = getattr(receiver, "__module__", "") or ""
                if lookup_key[1] == NONE_ID and module.startswith("gongkai."):
                    senderless.append(f"{module}.{receiver.__name__}")
        self.assertEqual(senderless, [])

    def test_list_positions_are_remembered_for_listed_page_types_only(self):
        from django.db.models.signals import pre_save

        from gongkai.catalog.models import ArticlePage
        from gongkai.core.models import SiteIdentity

        from ..signal_handlers import remember_list_position

        def listens(sender):
            return remember_list_position in pre_save._live_receivers(sender)[0]

        self.assertTrue(listens(ArticlePage))
        self.assertFalse(listens(SiteIdentity))
