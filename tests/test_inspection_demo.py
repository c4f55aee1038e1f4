"""`gongkai demo`, published, inspected: the findings docs/features/inspection.md documents."""

import shutil
import tempfile
from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import TestCase, override_settings

from gongkai.demo.builder import build_demo_site
from gongkai.inspection.rules import Severity
from gongkai.inspection.services import inspect_site
from gongkai.publishing.services import publish_site

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class DemoInspectionTests(TestCase):
    """The small demo of the tests (4 items), checked as of 2026-12-05."""

    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=4)

    def setUp(self):
        root = tempfile.mkdtemp(prefix="gk-inspect-demo-")
        self.addCleanup(shutil.rmtree, root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=root)
        overrides.enable()
        self.addCleanup(overrides.disable)
        site = self.demo.seed_page.get_site()
        publish_site(site=site)
        self.report = inspect_site(site=site, now=NOW)

    def checks(self, check):
        return [f for f in self.report.findings if f.check == check]

    def test_the_demo_has_no_severe_misspelling_but_the_seed_slip(self):
        misspellings = self.checks("misspelling")
        self.assertTrue(misspellings)
        self.assertTrue(all(f.severity is Severity.DEDUCT for f in misspellings))
        self.assertTrue(all("关于的决议" in f.message for f in misspellings))
        self.assertIn(self.demo.seed_page.pk, {f.page_id for f in misspellings})

    def test_the_department_columns_are_among_the_empty(self):
        # build_demo_site(item_count=4) leaves most columns empty; the full `gongkai demo`
        # fills all but the four department columns (docs/features/inspection.md).
        empty = {f.location for f in self.checks("empty_column")}
        for slug in ("qzfb", "qfgj", "qjyj", "dhjd"):
            self.assertIn(f"/zwgk/bmxxgk/{slug}/", empty)

    def test_the_published_demo_has_no_dead_link(self):
        # The annual report DOCX/XLSX are published as files beside their pages.
        self.assertEqual(sorted(f.message for f in self.checks("dead_link")), [])
