"""The database half at scale: grouped column facts, bulk URLs, and an incremental run that
re-reads only the items changed since the previous run and carries the others' findings."""

from unittest import mock

from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page

from gongkai.catalog.models import DisclosurePage, InterpretationPage
from gongkai.catalog.policy import PolicyDocumentPage
from gongkai.catalog.tests.factories import create_article, publish
from gongkai.columns.models import ColumnPage
from gongkai.core.tests.factories import (
    create_column,
    create_home_page,
    create_organisation,
)

from .. import carried_items, selectors
from ..models import RunTrigger
from ..runs import incremental_scope, run_now
from ..services import inspect_site


def as_rows(findings):
    return sorted(
        (f.check, f.page_id or 0, f.message, f.location, str(f.severity))
        for f in findings
    )


class DatabaseHalfTests(TestCase):
    """首页 > 政务公开 (section) > 通知公告, 政策文件 (policies, 须同步解读) · 机构职能 (empty)."""

    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_page(title="金东区人民政府")
        cls.site = cls.home.get_site()
        cls.publisher = create_organisation()
        section = create_column(parent=cls.home, title="政务公开", slug="zwgk")
        cls.notices = create_column(parent=section, title="通知公告", slug="tzgg")
        cls.policies = create_column(parent=section, title="政策文件", slug="zcwj")
        cls.empty = create_column(parent=cls.home, title="机构职能", slug="jgzn")
        now = timezone.now()
        cls.items = [
            publish(
                create_article(
                    column=cls.notices,
                    publisher=cls.publisher,
                    title=f"通知{n}",
                    slug=f"tz{n}",
                    published_at=now - timezone.timedelta(days=n),
                )
            )
            for n in range(1, 4)
        ]
        create_article(column=cls.notices, publisher=cls.publisher, title="草稿")
        cls.policy = cls.add(PolicyDocumentPage, "暂行办法", "zxbf")
        # Required after the policy went live (publishing now refuses it without a 解读).
        cls.policies.requires_interpretation = True
        cls.policies.save()

    @classmethod
    def add(cls, page_class, title, slug, **fields):
        return publish(
            cls.policies.add_child(
                instance=page_class(
                    title=title,
                    slug=slug,
                    publisher=cls.publisher,
                    live=False,
                    published_at=timezone.now(),
                    **fields,
                )
            )
        )

    def test_bulk_urls_are_wagtails_own(self):
        url = selectors.SiteUrls(self.site)
        pages = Page.objects.live().descendant_of(self.home, inclusive=True)
        self.assertGreater(pages.count(), 8)
        in_sql = dict(
            pages.exclude(pk=self.home.pk)
            .annotate(site_url=url.expression())
            .values_list("pk", "site_url")
        )
        for page in pages:
            with self.subTest(page=page.title):
                self.assertEqual(url(page.url_path), page.relative_url(self.site))
                if page.pk != self.home.pk:  # the root is never an item
                    self.assertEqual(in_sql[page.pk], page.relative_url(self.site))

    def test_grouped_column_facts_equal_one_query_per_column(self):
        facts = {f.page_id: f for f in selectors.column_facts(self.site)}
        columns = ColumnPage.objects.live().descendant_of(self.home)
        self.assertEqual(set(facts), set(columns.values_list("pk", flat=True)))
        for column in columns:
            expected = (
                DisclosurePage.objects.live()
                .descendant_of(column)
                .aggregate(
                    count=Count("pk"),
                    newest=Max(Coalesce("published_at", "first_published_at")),
                )
            )
            with self.subTest(column=column.title):
                fact = facts[column.pk]
                self.assertEqual(
                    (fact.item_count, fact.newest),
                    (expected["count"], expected["newest"]),
                )
                self.assertEqual(
                    fact.child_column_count,
                    ColumnPage.objects.live().child_of(column).count(),
                )
                self.assertEqual(fact.url, column.relative_url(self.site))
        self.assertEqual(facts[self.notices.pk].item_count, 3)  # the draft not counted
        self.assertEqual(facts[self.notices.get_parent().pk].item_count, 4)
        self.assertEqual(facts[self.empty.pk].item_count, 0)

    def test_stored_runs_keep_their_start(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        run.refresh_from_db()
        self.assertIsNotNone(run.started_at)
        self.assertLessEqual(run.started_at, run.finished_at)

    def test_an_incremental_run_rereads_only_what_changed_and_equals_a_full_one(self):
        full = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        self.assertIn(
            ("missing_interpretation", self.policy.pk),
            set(full.findings.values_list("check_code", "page_id")),
        )
        renamed, withdrawn, moved = self.items
        renamed.title = "通知（已更正标题）"
        publish(renamed)
        withdrawn.unpublish()
        # A move keeps the page's publish time: its carried finding must follow its URL.
        Page.objects.get(pk=moved.pk).move(self.empty, pos="last-child")
        interpretation = self.add(InterpretationPage, "一图读懂", "ytdd")
        interpretation.interprets.add(self.policy)
        publish(interpretation)
        scope = incremental_scope(self.site, selectors.manifest(self.site))
        self.assertIsNotNone(scope)
        reread = {
            item.page_id
            for item in selectors.item_facts(self.site, changed_since=scope.since)
        }
        # Not the untouched or the moved item: the changed ones and every policy.
        self.assertEqual(reread, {renamed.pk, interpretation.pk, self.policy.pk})
        incremental = inspect_site(site=self.site, scope=scope)
        self.assertEqual(
            as_rows(incremental.findings),
            as_rows(inspect_site(site=self.site).findings),
        )
        checks = {(f.check, f.page_id): f for f in incremental.findings}
        self.assertNotIn(("missing_interpretation", self.policy.pk), checks)
        self.assertNotIn(("missing_metadata", withdrawn.pk), checks)
        self.assertIn("已更正标题", checks[("missing_metadata", renamed.pk)].message)
        self.assertIn("/jgzn/", checks[("missing_metadata", moved.pk)].location)

    def test_a_stored_incremental_run_equals_a_fresh_full_run(self):
        """The stored run copies the unchanged items' findings in the database: after a
        rename, an unpublish, a move and a new 解读 its rows equal a fresh full run's,
        with the same counts and score, 单项否决 and 扣分 rows before the notices."""
        run_now(site=self.site, trigger=RunTrigger.COMMAND)
        renamed, withdrawn, moved = self.items
        renamed.title = "通知（已更正标题）"
        publish(renamed)
        withdrawn.unpublish()
        Page.objects.get(pk=moved.pk).move(self.empty, pos="last-child")
        interpretation = self.add(InterpretationPage, "一图读懂", "ytdd")
        interpretation.interprets.add(self.policy)
        publish(interpretation)
        incremental = run_now(
            site=self.site, trigger=RunTrigger.COMMAND, mode="incremental"
        )
        full = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        self.assertEqual(incremental.mode, "incremental")

        def stored(run):
            return sorted(
                run.findings.values_list(
                    "check_code", "rule", "severity", "message", "page_id", "location"
                )
            )

        self.assertEqual(stored(incremental), stored(full))
        counted = ("finding_count", "veto_count", "score", "failed", "published")
        self.assertEqual(
            [getattr(incremental, name) for name in counted],
            [getattr(full, name) for name in counted],
        )
        rows = {(c, p): (m, loc) for c, _r, _s, m, p, loc in stored(incremental)}
        self.assertIn("已更正标题", rows[("missing_metadata", renamed.pk)][0])
        self.assertIn("/jgzn/", rows[("missing_metadata", moved.pk)][1])
        self.assertNotIn(("missing_metadata", withdrawn.pk), rows)
        self.assertNotIn(("missing_interpretation", self.policy.pk), rows)
        order = {"veto": 0, "deduct": 1, "notice": 2}
        ranks = [
            order[s] for s in incremental.findings.values_list("severity", flat=True)
        ]
        self.assertEqual(ranks, sorted(ranks))

    def test_the_copy_split_over_several_statements_is_the_same(self):
        """Many re-read items are excluded a chunk per statement, each over its id range."""
        with mock.patch.object(carried_items, "EXCLUDED_PER_STATEMENT", 1):
            self.test_a_stored_incremental_run_equals_a_fresh_full_run()

    def test_id_ranges_hold_every_id_once_with_its_excluded_ids(self):
        ids = frozenset({9, 1, 5, 3, 7})
        with mock.patch.object(carried_items, "EXCLUDED_PER_STATEMENT", 2):
            ranges = list(carried_items._id_ranges(ids))
        self.assertEqual(ranges, [(None, 5, [1, 3]), (5, 9, [5, 7]), (9, None, [9])])
        for page_id in range(12):
            holding = [
                excluded
                for low, high, excluded in ranges
                if (low is None or page_id >= low) and (high is None or page_id < high)
            ]
            self.assertEqual(len(holding), 1)
            self.assertEqual(page_id in holding[0], page_id in ids)
        self.assertEqual(
            list(carried_items._id_ranges(frozenset())), [(None, None, [])]
        )

    def test_a_stored_incremental_run_applies_the_sites_current_rules(self):
        """A rule changed after the baseline applies to the copied findings too."""
        from ..models import InspectionRule

        run_now(site=self.site, trigger=RunTrigger.COMMAND)
        InspectionRule.objects.create(
            site=self.site, code="missing_metadata", severity="deduct"
        )
        incremental = run_now(
            site=self.site, trigger=RunTrigger.COMMAND, mode="incremental"
        )
        full = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        rows = sorted(
            incremental.findings.values_list("check_code", "severity", "page_id")
        )
        self.assertEqual(
            rows, sorted(full.findings.values_list("check_code", "severity", "page_id"))
        )
        self.assertIn(("missing_metadata", "deduct", self.items[1].pk), rows)
        self.assertEqual(incremental.score, full.score)
        InspectionRule.objects.filter(site=self.site).update(enabled=False)
        off = run_now(site=self.site, trigger=RunTrigger.COMMAND, mode="incremental")
        self.assertFalse(off.findings.filter(check_code="missing_metadata").exists())

    def test_a_stored_incremental_run_of_an_unpublished_site(self):
        full = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND, mode="incremental")
        self.assertEqual((run.mode, run.published), ("incremental", False))
        self.assertEqual(
            sorted(run.findings.values_list("check_code", "page_id", "message")),
            sorted(full.findings.values_list("check_code", "page_id", "message")),
        )
