import os
from datetime import datetime
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from gongkai.catalog.enums import DisclosureMethod, InterpretationKind
from gongkai.catalog.index_numbers import parse_index_number
from gongkai.catalog.models import (
    ArticlePage,
    DisclosurePage,
    IndexNumber,
    IndexNumberCounter,
)
from gongkai.columns.models import ColumnPage, HomePage
from gongkai.core.models import Organisation, SiteIdentity
from gongkai.demo.builder import (
    ADMIN_USERNAME,
    PASSWORD_ENV,
    build_demo_site,
    ensure_admin,
)
from gongkai.demo.items import plan_items
from gongkai.demo.organisations import ORGANISATIONS
from gongkai.demo.protected_terms import DEMO_TERM
from gongkai.demo.sources import load_corpus, load_seed_page
from gongkai.inspection.models import ProtectedTerm
from gongkai.reports.models import AnnualReportPage

ITEM_COUNT = 30
SEED = load_seed_page()
SHANGHAI = timezone.get_fixed_timezone(8 * 60)


class BuildDemoSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=ITEM_COUNT)

    def test_home_page_replaces_the_welcome_page_as_default_site_root(self):
        """The default site 127.0.0.1:8000 is rooted at the only page below the tree root."""
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("127.0.0.1", 8000))
        self.assertEqual(site.site_name, "金东区人民政府")
        self.assertEqual(site.root_page.specific, self.demo.home)
        self.assertEqual(self.demo.home.title, "金东区人民政府")
        self.assertEqual(Page.objects.filter(depth=2).count(), 1)
        self.assertEqual(Site.objects.count(), 1)

    def test_the_government_owns_the_site(self):
        """金东区人民政府's root page is the site's home (站群: each organisation its site)."""
        government = self.demo.organisations["gov"]
        government.refresh_from_db()
        self.assertEqual(government.root_page_id, self.demo.home.pk)

    def test_the_government_has_a_protected_term(self):
        term = ProtectedTerm.objects.get(organisation=self.demo.organisations["gov"])
        self.assertEqual(term.term, DEMO_TERM)
        self.assertTrue(term.enabled)
        term.full_clean()  # as the 保护词 editor would accept it

    def test_top_level_columns_show_in_menus(self):
        """新闻动态, 政务公开 and 政策文件 are the home page's menu columns; the imported
        old portal's 历史栏目 sits beside them, out of the menu."""
        top = self.demo.home.get_children().specific()
        self.assertEqual(
            [c.title for c in top], ["新闻动态", "政务公开", "政策文件", "历史栏目"]
        )
        self.assertEqual(
            [c.title for c in top if c.show_in_menus],
            ["新闻动态", "政务公开", "政策文件"],
        )

    def test_government_information_has_exactly_the_zhejiang_four(self):
        """政府信息公开 holds the guide, the rules, 法定主动公开内容 and the annual reports."""
        column = self.demo.columns["zwgk/zfxxgk"]
        self.assertEqual(
            [child.title for child in column.get_children()],
            [
                "政府信息公开指南",
                "政府信息公开制度",
                "法定主动公开内容",
                "政府信息公开工作年度报告",
            ],
        )

    def test_statutory_content_follows_article_20(self):
        """法定主动公开内容 has the 条例第二十条 columns."""
        titles = set(
            self.demo.columns["zwgk/zfxxgk/fdzdgknr"]
            .get_children()
            .values_list("title", flat=True)
        )
        for title in (
            "规章和规范性文件",
            "机构职能",
            "规划计划",
            "统计信息",
            "财政预决算",
            "行政许可",
            "行政处罚和行政强制",
            "政府采购",
            "重大建设项目",
            "应急管理",
            "公务员招考",
        ):
            with self.subTest(title=title):
                self.assertIn(title, titles)

    def test_seed_page_has_the_original_values(self):
        """The seed article keeps title, headline lines, metadata and dates as published."""
        page = ArticlePage.objects.get(pk=self.demo.seed_page.pk)
        published_at = datetime(2023, 8, 7, 8, 56, tzinfo=SHANGHAI)
        self.assertEqual(page.title, SEED["title"])
        self.assertEqual(page.kicker, "区委五届四次全体会议举行")
        self.assertEqual(page.headline, SEED["headline"]["main"])
        self.assertEqual(page.subtitle_lines, SEED["headline"]["subtitles"])
        self.assertEqual(page.index_number, "330703000000/2023-153702")
        self.assertEqual(page.publisher.name, "金东区人民政府")
        self.assertEqual(page.source, "今日金东")
        self.assertEqual(page.disclosure_method, DisclosureMethod.PROACTIVE)
        self.assertEqual(page.published_at, published_at)
        self.assertEqual(page.first_published_at, published_at)
        self.assertEqual(str(page.published_on), "2023-08-07")
        self.assertIsNone(page.genre)
        self.assertIsNone(page.topic)
        self.assertIs(page.live, True)

    def test_seed_body_is_the_13_paragraphs_and_the_byline(self):
        """Each original paragraph is one escaped `paragraph` block; the byline is verbatim."""
        page = ArticlePage.objects.get(pk=self.demo.seed_page.pk)
        self.assertEqual([block.block_type for block in page.body], ["paragraph"] * 13)
        self.assertEqual(
            [block.value.source for block in page.body],
            [
                f"<p>{text}</p>" for text in SEED["body_paragraphs"]
            ],  # no &, <, > in the text
        )
        self.assertEqual(page.byline, "(记者 潘逸 陈阵)")

    def test_seed_page_sits_under_the_full_session_column(self):
        """Breadcrumb 首页 > 政务公开 > 政府会议 > 全体会议, at /zwgk/zfhy/qtqh/<slug>/."""
        page = self.demo.seed_page
        ancestors = list(page.get_ancestors()[1:])
        self.assertEqual(ancestors[0].pk, self.demo.site.root_page_id)  # shown as 首页
        self.assertEqual([p.title for p in ancestors[1:]], SEED["breadcrumb"][1:])
        self.assertEqual(
            page.relative_url(self.demo.site), "/zwgk/zfhy/qtqh/art-59328304/"
        )

    def test_seed_index_number_was_imported_not_allocated(self):
        """The original number is registered as imported and the counter moved past it."""
        entry = IndexNumber.objects.get(number="330703000000/2023-153702")
        self.assertIs(entry.is_imported, True)
        self.assertEqual(entry.page_id, self.demo.seed_page.pk)
        counter = IndexNumberCounter.objects.get(
            organisation=self.demo.seed_page.publisher, year=2023
        )
        self.assertGreaterEqual(counter.last_serial, 153702)

    def test_graphic_interpretation_links_both_ways(self):
        """The 图解 interprets the seed article, and the seed lists the 图解."""
        graphic = self.demo.graphic_interpretation
        self.assertEqual(graphic.kind, InterpretationKind.GRAPHIC)
        self.assertTrue(graphic.title.startswith("图解："))
        self.assertEqual(
            list(graphic.interprets.values_list("pk", flat=True)),
            [self.demo.seed_page.pk],
        )
        self.assertEqual(
            [page.pk for page in self.demo.seed_page.get_interpretations()],
            [graphic.pk],
        )
        self.assertEqual(graphic.index_number, "330703000000/2023-153703")

    def test_items_are_published_in_2019_to_2025_with_fixed_dates(self):
        """Every further item is live, first published at its 发布时间, within 2019–2025.

        (The annual reports, published each January, are checked in test_applications_demo.)"""
        history = self.demo.home.get_children().get(title="历史栏目")
        items = (
            DisclosurePage.objects.exclude(
                pk__in=[self.demo.seed_page.pk, self.demo.graphic_interpretation.pk]
            )
            .exclude(pk__in=AnnualReportPage.objects.values("pk"))
            .not_descendant_of(history)  # the old portal's items keep their old dates
        )
        self.assertEqual(items.count(), ITEM_COUNT)
        for item in items:
            with self.subTest(item=item.title):
                self.assertIs(item.live, True)
                self.assertEqual(item.first_published_at, item.published_at)
                self.assertIn(
                    timezone.localdate(item.published_at).year, range(2019, 2026)
                )
                self.assertGreaterEqual(len(item.specific.body), 3)

    def test_item_titles_and_dates_come_from_the_plan(self):
        """Content is planned, not read from the clock: the pages match plan_items."""
        corpus = [paragraph.text for paragraph in load_corpus()]
        planned = {
            spec.slug: (spec.title, spec.published_at)
            for spec in plan_items(count=ITEM_COUNT, corpus=corpus)
        }
        built = {
            slug: (title, published_at)
            for slug, title, published_at in DisclosurePage.objects.filter(
                slug__in=planned
            ).values_list("slug", "title", "published_at")
        }
        self.assertEqual(built, planned)

    def test_allocated_numbers_have_the_publisher_format(self):
        """Numbers issued on publish read {code}/{year}-{serial}, serial padded to the width."""
        for item in DisclosurePage.objects.exclude(
            pk=self.demo.seed_page.pk
        ).select_related("publisher"):
            org = item.publisher
            with self.subTest(number=item.index_number):
                parts = parse_index_number(org.index_number_format, item.index_number)
                self.assertIsNotNone(parts)
                self.assertEqual(parts.code, org.code)
                self.assertEqual(parts.year, timezone.localdate(item.published_at).year)
                self.assertRegex(item.index_number, rf"-\d{{{org.serial_width}}}$")

    def test_every_organisation_is_valid(self):
        """All demo organisations exist and pass model validation (their codes' checksums)."""
        self.assertEqual(Organisation.objects.count(), len(ORGANISATIONS))
        for organisation in Organisation.objects.all():
            with self.subTest(organisation=organisation.name):
                organisation.full_clean()
        office = Organisation.objects.get(name="金东区人民政府办公室")
        self.assertEqual(office.code, "11330703728895273B")
        government = Organisation.objects.get(name="金东区人民政府")
        self.assertEqual(
            (government.code, government.serial_width), ("330703000000", 6)
        )

    def test_site_identity_fills_the_footer(self):
        """The footer names the sponsor and carries clearly fake 备案 numbers."""
        identity = SiteIdentity.for_site(self.demo.site)
        self.assertEqual(identity.sponsor, "金华市金东区人民政府办公室")
        self.assertEqual(identity.site_code, "3307030001")
        self.assertRegex(identity.icp_number, r"^浙ICP备\d{8}号-1$")
        self.assertRegex(identity.police_number, r"^浙公网安备 \d{14}号$")

    def test_admin_is_a_superuser_with_the_returned_password(self):
        """The printed password logs the admin in."""
        admin = get_user_model().objects.get(username=ADMIN_USERNAME)
        self.assertIs(admin.is_superuser, True)
        self.assertIs(admin.check_password(self.demo.admin_password), True)

    def test_admin_password_comes_from_the_environment_when_set(self):
        """GONGKAI_DEMO_PASSWORD replaces the random password."""
        with mock.patch.dict(os.environ, {PASSWORD_ENV: "from-env-pass-1"}):
            admin, password, from_env = ensure_admin()
        self.assertEqual((password, from_env), ("from-env-pass-1", True))
        self.assertIs(admin.check_password("from-env-pass-1"), True)

    def test_admin_password_changes_between_runs(self):
        """Without the variable every run draws a new password."""
        with mock.patch.dict(os.environ, {PASSWORD_ENV: ""}):
            first, second = ensure_admin()[1], ensure_admin()[1]
        self.assertNotEqual(first, second)
        self.assertGreaterEqual(len(first), 16)


class RebuildDemoSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=ITEM_COUNT)

    def counts(self):
        return {
            model.__name__: model.objects.count()
            for model in (
                Page,
                ColumnPage,
                HomePage,
                DisclosurePage,
                Organisation,
                Site,
                IndexNumber,
                Revision,
                SiteIdentity,
                ProtectedTerm,
                get_user_model(),
            )
        }

    def test_building_twice_duplicates_nothing(self):
        """A second run finds every page, organisation and number and creates none."""
        before = self.counts()
        numbers = dict(DisclosurePage.objects.values_list("slug", "index_number"))
        again = build_demo_site(item_count=ITEM_COUNT)
        self.assertEqual(self.counts(), before)
        self.assertEqual(again.created_item_count, 0)
        self.assertEqual(
            dict(DisclosurePage.objects.values_list("slug", "index_number")), numbers
        )
        self.assertEqual(again.seed_page.pk, self.demo.seed_page.pk)

    def test_a_bigger_build_adds_only_the_extra_items(self):
        """The plan is prefix-stable: 34 items are the 30 built before plus 4 new ones."""
        before = DisclosurePage.objects.count()
        bigger = build_demo_site(item_count=ITEM_COUNT + 4)
        self.assertEqual(bigger.created_item_count, 4)
        self.assertEqual(DisclosurePage.objects.count(), before + 4)
