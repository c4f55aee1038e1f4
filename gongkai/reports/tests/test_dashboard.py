"""The dashboard 年度报告统计: its reads, its charts, its page and who may see it."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services as applications
from gongkai.applications.enums import ResultType
from gongkai.applications.models import Application
from gongkai.applications.tests.factories import company_data, create_officer, register
from gongkai.core.tests.factories import create_organisation
from gongkai.reports import dashboard
from gongkai.reports.tests.test_services import conclude

URL = reverse("gongkai_reports_dashboard")


class DashboardTestCase(TestCase):
    """A government and one department; 2025: five received (one in the department),
    four of them concluded, one carried over; one 2024 application answered in 2025."""

    @classmethod
    def setUpTestData(cls):
        cls.government = create_organisation(name="演示区人民政府")
        cls.department = create_organisation(name="演示区教育局", parent=cls.government)
        cls.officer = create_officer(cls.government, cls.department)
        carried = cls.received(date(2024, 12, 20))
        cls.answer(carried, ResultType.DISCLOSED, date(2025, 1, 10))
        for on, result in [
            (date(2025, 3, 3), ResultType.DISCLOSED),
            (date(2025, 3, 17), ResultType.PARTIALLY_DISCLOSED),
            (date(2025, 7, 7), ResultType.OTHER),  # withdrawn
        ]:
            cls.answer(cls.received(on), result, on)
        company = applications.register_application(
            acting_user=cls.officer, department=cls.department, data=company_data(),
            channel="in_person", submitted_on=date(2025, 9, 1),
        )  # fmt: skip
        cls.answer(company, ResultType.UNAVAILABLE_NOT_HELD, date(2025, 9, 10))
        cls.open_one = cls.received(date(2025, 12, 22))
        cls.ids = {cls.government.pk, cls.department.pk}
        cls.superuser = get_user_model().objects.create_superuser(
            "root", "root@example.org", "pw"
        )

    @classmethod
    def received(cls, on):
        return register(cls.government, cls.officer, received_on=on)

    @classmethod
    def answer(cls, application, result, on):
        conclude(cls.officer, application, result, on)


class DashboardSelectorTests(DashboardTestCase):
    def test_received_per_month(self):
        """Twelve counts, by the month of receipt, departments included."""
        counts = dashboard.count_received_per_month(
            organisation_ids=self.ids, year=2025
        )
        self.assertEqual(counts, [0, 0, 2, 0, 0, 0, 1, 0, 1, 0, 0, 1])

    def test_results_by_group(self):
        """Concluded applications in the year by the six result groups, in table order."""
        groups = dashboard.count_results_by_group(organisation_ids=self.ids, year=2025)
        self.assertEqual(
            groups,
            [("予以公开", 2), ("部分公开", 1), ("不予公开", 0), ("无法提供", 1),
             ("不予处理", 0), ("其他处理", 1)],
        )  # fmt: skip

    def test_year_figures(self):
        """新收 5, 办结 5 (one carried in), 结转 1: the totals rule of table 3."""
        figures = dashboard.get_year_figures(organisation_ids=self.ids, year=2025)
        self.assertEqual(figures, dashboard.YearFigures(5, 5, 1))

    def test_department_alone(self):
        """Only the department's own application when it is chosen without roll-up."""
        ids = {self.department.pk}
        counts = dashboard.count_received_per_month(organisation_ids=ids, year=2025)
        self.assertEqual(sum(counts), 1)


class BarChartTests(TestCase):
    def test_tallest_bar_fills_the_plot(self):
        """Heights are proportional; an empty chart has flat bars."""
        chart = dashboard.build_bar_chart("t", [("a", 2), ("b", 4), ("c", 0)])
        heights = [bar.height for bar in chart.bars]
        self.assertEqual(heights[1], chart.baseline - 24)
        self.assertEqual(heights[0], heights[1] / 2)
        self.assertEqual(heights[2], 0)
        self.assertEqual(chart.total, 6)
        empty = dashboard.build_bar_chart("t", [("a", 0)])
        self.assertEqual(empty.bars[0].height, 0)


class DashboardViewTests(DashboardTestCase):
    def get(self, user, **params):
        self.client.force_login(user)
        defaults = {"organisation": self.government.pk, "year": 2025,
                    "include_departments": "on"}  # fmt: skip
        return self.client.get(URL, {**defaults, **params})

    def test_shows_figures_tables_and_charts(self):
        """Tables 2-4, the three figures and two inline SVG charts with table fallbacks."""
        response = self.get(self.superuser)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertEqual(response.context["figures"], dashboard.YearFigures(5, 5, 1))
        self.assertEqual(content.count('role="img" aria-labelledby="gk-chart'), 2)
        self.assertIn('role="img"', content)
        self.assertIn("2025年每月收到申请数", content)
        self.assertIn("部分公开", content)
        self.assertIn('data-table="3"', content)
        self.assertIn("四、政府信息公开行政复议、行政诉讼情况", content)
        self.assertNotIn('<script src="http', content)
        table3 = response.context["tables"].table3
        self.assertEqual(table3.cell("new", "total"), 5)
        self.assertEqual(table3.cell("carried_over", "total"), 1)

    def test_without_departments(self):
        """Without roll-up the department's application is not counted."""
        response = self.get(self.superuser, include_departments="")
        self.assertEqual(response.context["figures"].received, 4)

    def test_a_year_after_this_one_is_refused_not_computed(self):
        """A later year (or one the calendar cannot hold) is an invalid choice: the
        page falls back to this year's figures instead of failing."""
        for year in (timezone.localdate().year + 1, 99999):
            response = self.get(self.superuser, year=year)
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.context["form"].errors)
            self.assertEqual(response.context["year"], timezone.localdate().year)

    def test_defaults_to_the_top_organisation_this_year(self):
        """Without a choice the page shows the first top-level organisation."""
        self.client.force_login(self.superuser)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["organisation"], self.government)

    def test_inconsistent_data_shows_the_causes(self):
        """Rows changed behind the services: the message names the application."""
        Application.objects.filter(pk=self.open_one.pk).update(
            concluded_on=date(2025, 12, 1), result_type=ResultType.DISCLOSED
        )
        response = self.get(self.superuser)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn("data-report-inconsistent", content)
        self.assertIn(self.open_one.display_tracking_code, content)
        self.assertIn("早于收到申请日期", content)
        self.assertNotIn("tables", response.context)
        self.assertEqual(content.count('role="img" aria-labelledby="gk-chart'), 2)

    def test_officer_without_permission_is_refused(self):
        """An admin user without reports.view_annualfigures cannot open the dashboard."""
        response = self.get(self.officer)
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), URL)

    def test_permission_holder_may_view(self):
        """reports.view_annualfigures opens the dashboard and shows the menu item."""
        user = create_officer()
        user.user_permissions.add(Permission.objects.get(codename="view_annualfigures"))
        response = self.get(user)
        self.assertEqual(response.status_code, 200)
        self.assertIn("年度报告统计", response.content.decode())
