"""AnnualFigures, its admin snippet and the two genres table 2 counts."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.test import TestCase
from django.urls import reverse

from gongkai.catalog.models import Genre
from gongkai.core.tests.factories import create_organisation
from gongkai.reports.models import AnnualFigures


class AnnualFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.organisation = create_organisation(name="汉阳区人民政府办公室")

    def test_one_row_per_organisation_and_year(self):
        AnnualFigures.objects.create(organisation=self.organisation, year=2022)
        with self.assertRaises(IntegrityError):
            AnnualFigures.objects.create(organisation=self.organisation, year=2022)

    def test_str(self):
        figures = AnnualFigures(organisation=self.organisation, year=2022)
        self.assertEqual(str(figures), "汉阳区人民政府办公室 2022")

    def test_admin_lists_and_adds_figures(self):
        """The office enters the figures under 年度报告数据."""
        admin = get_user_model().objects.create_superuser("admin", "a@example.cn", "pw")
        self.client.force_login(admin)
        AnnualFigures.objects.create(organisation=self.organisation, year=2022)
        response = self.client.get(
            reverse("wagtailsnippets_reports_annualfigures:list")
        )
        self.assertContains(response, "汉阳区人民政府办公室")
        response = self.client.post(
            reverse("wagtailsnippets_reports_annualfigures:add"),
            {
                "organisation": self.organisation.pk,
                "year": 2023,
                "licensing_decisions": 12,
                "penalty_decisions": 3,
                "enforcement_decisions": 0,
                "fees_amount": "0.5",
                "source": "区行政审批局",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(AnnualFigures.objects.get(year=2023).licensing_decisions, 12)


class ReportGenresTests(TestCase):
    def test_migration_adds_the_genres_table2_counts(self):
        names = set(Genre.objects.values_list("name", flat=True))
        self.assertLessEqual({"规章", "行政规范性文件"}, names)
