"""Items of a 规范性文件 column carrying 文号 and 成文日期 are imported as 政策文件
(PolicyDocumentPage) with their validity and dates; everything else stays an 文章."""

import shutil
import tempfile
from dataclasses import replace
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Site

from gongkai.catalog.enums import Validity
from gongkai.catalog.models import ArticlePage
from gongkai.catalog.policy import PolicyDocumentPage
from gongkai.portal_import.fixture_sites import FixtureSite, plan_site, write_site
from gongkai.portal_import.models import ItemStatus, LegacyItem

from .sites import GOVERNMENT, create_publishers, create_site_home, taxonomy_names


class PolicyDocumentImportTests(TestCase):
    site: Site
    plan: FixtureSite
    folder: Path
    output: str

    @classmethod
    def setUpTestData(cls):
        create_publishers()
        cls.site = create_site_home().get_site()
        genres, topics = taxonomy_names()
        # Leaves alternate: even items in 规范性文件, odd in 工作动态; every third item
        # carries 文号/成文日期/有效性, so items 0, 6, 12, 18 are policy documents.
        plan = plan_site(
            layout="hanweb",
            count=24,
            publishers=[GOVERNMENT],
            genres=genres,
            topics=topics,
            column_count=2,
            column_titles=["区政府规范性文件", "工作动态"],
            start_id=7_100_000,
            first_serial=7100,
        )
        items = plan.items
        items[0] = replace(items[0], validity="有效")
        items[6] = replace(items[6], validity="废止", invalid_on=date(2024, 3, 1))
        items[12] = replace(items[12], validity="失效", invalid_on=None)
        items[18] = replace(items[18], validity="有效", byline="（区司法局）")
        cls.plan = plan
        cls.folder = Path(tempfile.mkdtemp(prefix="gk-policy-"))
        write_site(plan, cls.folder)
        cls.output = cls.run_import()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def run_import(cls) -> str:
        out = StringIO()
        call_command(
            "import",
            str(cls.folder),
            layout="hanweb",
            site=cls.site.hostname,
            stdout=out,
        )
        return out.getvalue()

    def page_of(self, n: int):
        page = LegacyItem.objects.get(legacy_path=self.plan.items[n].path).page
        assert page is not None
        return page.specific

    def test_documents_in_a_policy_column_become_policy_pages_with_their_fields(self):
        for n, validity, invalid_on in (
            (0, Validity.VALID, None),
            (6, Validity.REPEALED, date(2024, 3, 1)),
            (18, Validity.VALID, None),
        ):
            item = self.plan.items[n]
            page = self.page_of(n)
            with self.subTest(n=n):
                self.assertIsInstance(page, PolicyDocumentPage)
                self.assertEqual(
                    (
                        page.title,
                        page.document_number,
                        page.written_on,
                        page.validity,
                        page.invalid_on,
                        page.index_number,
                        page.live,
                    ),
                    (
                        item.title,
                        item.document_number,
                        item.written_on,
                        validity,
                        invalid_on,
                        item.index_number,
                        True,
                    ),
                )
        byline_paragraph = self.page_of(18).body[-1].value.source
        self.assertEqual(byline_paragraph, "<p>（区司法局）</p>")

    def test_a_repealed_document_without_its_date_is_a_draft_for_attention(self):
        page = self.page_of(12)
        legacy = LegacyItem.objects.get(legacy_path=self.plan.items[12].path)
        self.assertIsInstance(page, PolicyDocumentPage)
        self.assertEqual((page.validity, page.live), (Validity.EXPIRED, False))
        self.assertEqual(legacy.status, ItemStatus.ATTENTION)
        self.assertIn("没有失效/废止日期", legacy.reasons)

    def test_other_items_stay_articles(self):
        # 2: policy column without 文号; 3: 文号 in a news column.
        for n in (2, 3, 1):
            with self.subTest(n=n):
                self.assertIs(type(self.page_of(n)), ArticlePage)
        self.assertEqual(PolicyDocumentPage.objects.count(), 4)
        self.assertEqual(ArticlePage.objects.count(), 20)

    def test_second_run_changes_nothing(self):
        output = self.run_import()
        self.assertIn("新建 0，更新 0，未变 24", output)
        self.assertEqual(PolicyDocumentPage.objects.count(), 4)
