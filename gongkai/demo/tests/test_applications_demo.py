from django.test import TestCase

from gongkai.applications.enums import OPEN_STATUSES, AppealOutcome, ResultType
from gongkai.applications.models import Appeal, Application, FeeNotice
from gongkai.core.models import Organisation
from gongkai.demo.applications import (
    CARRIED,
    DEMO_SEED,
    YEAR_COUNTS,
    plan_applications,
)
from gongkai.demo.builder import build_demo_site
from gongkai.reports.models import AnnualFigures
from gongkai.reports.services import compute_annual_report
from gongkai.reports.tables import (
    CARRIED_IN,
    CARRIED_OVER,
    NEW,
    RESULTS_TOTAL,
    TABLE3_COLUMNS,
    TOTAL,
)
from gongkai.workdays.selectors import get_calendar


class DemoApplicationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=2)
        cls.government = Organisation.objects.get(name="金东区人民政府")

    def report(self, year):
        return compute_annual_report(
            organisation=self.government, year=year, include_departments=True
        )

    def test_applications_are_received_in_2024_and_2025(self):
        """Each planned year has its applications, received through the services."""
        for year, count in YEAR_COUNTS.items():
            with self.subTest(year=year):
                received = Application.objects.filter(received_on__year=year)
                self.assertEqual(received.count(), count)
                self.assertEqual(received.exclude(events__kind="registered").count(), 0)

    def test_some_applications_are_still_open_in_2026(self):
        """Three applications received in November 2026 are still being handled."""
        still_open = Application.objects.filter(status__in=OPEN_STATUSES)
        self.assertEqual(still_open.count(), 3)
        self.assertEqual({a.received_on.year for a in still_open}, {2026})

    def test_the_handling_steps_all_appear(self):
        """Corrections, extensions, fees, withdrawals, closures and appeals are in the demo."""
        applications = Application.objects.all()
        self.assertTrue(applications.filter(corrected_on__isnull=False).exists())
        self.assertTrue(applications.filter(extension_working_days__gt=0).exists())
        self.assertTrue(FeeNotice.objects.filter(paid_on__isnull=False).exists())
        for result in (
            ResultType.OTHER,
            ResultType.OTHER_NO_CORRECTION,
            ResultType.OTHER_FEE_UNPAID,
            ResultType.PARTIALLY_DISCLOSED,
        ):
            with self.subTest(result=result):
                self.assertTrue(applications.filter(result_type=result).exists())
        self.assertEqual(Appeal.objects.count(), 2)

    def test_a_second_build_creates_no_applications(self):
        """The build is idempotent: the marker finds every planned application."""
        count = Application.objects.count()
        build_demo_site(item_count=2)
        self.assertEqual(Application.objects.count(), count)
        self.assertEqual(AnnualFigures.objects.filter(year__in=YEAR_COUNTS).count(), 6)

    def test_both_reports_reconcile(self):
        """compute_annual_report succeeds for 2024 and 2025 and every column adds up."""
        for year in YEAR_COUNTS:
            table3 = self.report(year).table3
            for column, label in TABLE3_COLUMNS:
                with self.subTest(year=year, column=label):
                    self.assertEqual(
                        table3.cell(NEW, column) + table3.cell(CARRIED_IN, column),
                        table3.cell(RESULTS_TOTAL, column)
                        + table3.cell(CARRIED_OVER, column),
                    )
            self.assertEqual(table3.cell(NEW, TOTAL), YEAR_COUNTS[year])

    def test_carried_over_matches_between_the_years(self):
        """2024's 结转下年度 is 2025's 上年结转, column by column."""
        first, second = self.report(2024).table3, self.report(2025).table3
        self.assertEqual(first.cell(CARRIED_OVER, TOTAL), CARRIED)
        for column, label in TABLE3_COLUMNS:
            with self.subTest(column=label):
                self.assertEqual(
                    first.cell(CARRIED_OVER, column), second.cell(CARRIED_IN, column)
                )

    def test_table2_and_table4_carry_the_demo_figures_and_appeals(self):
        """The entered figures are summed; the 2024 reconsideration was upheld."""
        tables = self.report(2024)
        self.assertEqual(tables.table2.figures.licensing, 1268 + 41 + 523)
        self.assertEqual(tables.table4.cell("reconsideration", AppealOutcome.UPHELD), 1)
        pending = self.report(2025).table4.cell("lawsuit_direct", AppealOutcome.PENDING)
        self.assertEqual(pending, 1)


class PlanApplicationsTests(TestCase):
    def test_the_plan_is_deterministic(self):
        """Two plans from the seed are equal, and dates stay within 2024-2026."""
        calendar = get_calendar()
        first, second = plan_applications(calendar), plan_applications(calendar)
        self.assertEqual(first, second)
        self.assertEqual(DEMO_SEED, 20240101)
        self.assertTrue(all(2024 <= a.received_on.year <= 2026 for a in first))
        self.assertEqual(len({a.key for a in first}), len(first))


class DemoAnnualReportsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=2)

    def test_reports_for_2024_and_2025_are_published_with_reconciled_tables(self):
        """The demo publishes both years' reports in 年度报告, with index numbers and
        table 3 satisfying 新收 + 上年结转 = 办理结果总计 + 结转下年度."""
        from gongkai.reports.models import AnnualReportPage
        from gongkai.reports.services import compute_annual_report
        from gongkai.reports.tables import check_totals

        reports = AnnualReportPage.objects.live().order_by("year")
        self.assertEqual([r.year for r in reports], [2024, 2025])
        for report in reports:
            with self.subTest(year=report.year):
                self.assertTrue(report.index_number)
                self.assertTrue(report.tables_snapshot)
                tables = compute_annual_report(
                    organisation=report.organisation,
                    year=report.year,
                    include_departments=True,
                )
                self.assertEqual(check_totals(tables.table3), [])
                response = self.client.get(report.url)
                self.assertContains(response, "三、收到和处理政府信息公开申请情况")
                self.assertEqual(
                    self.client.get(report.url + f"{report.slug}.docx").status_code, 200
                )

    def test_table_2_counts_the_demos_normative_documents(self):
        """The demo's 规范性文件 are genre 行政规范性文件, so table 2 is not empty for them."""
        from gongkai.catalog.models import DisclosurePage

        self.assertTrue(
            DisclosurePage.objects.filter(genre__name="行政规范性文件").exists()
        )
