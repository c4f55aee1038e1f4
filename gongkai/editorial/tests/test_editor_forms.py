"""Editors' complaints of issue #16: a fresh item form that is valid once a title is typed.

- 发布机构 is preset to the column's department and lists only the editor's own
  organisations; a posted foreign organisation is refused on the server.
- The slug is short (YYYYMMDD-N, free among the siblings), not the Chinese title.
- Wagtail's autosave of a fresh form (a JSON POST) succeeds instead of answering
  "validation errors" before the editor has done anything.
"""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.slugs import dated_slug
from gongkai.core.tests.factories import create_home_page

from ..enums import Role
from .factories import article_form_data, create_department, create_user


def add_url(department):
    return reverse(
        "wagtailadmin_pages:add", args=["catalog", "articlepage", department.column.pk]
    )


class DatedSlugTests(TestCase):
    def test_first_free_number_of_the_day(self):
        day = datetime.date(2026, 12, 5)
        self.assertEqual(dated_slug(day, []), "20261205-1")
        self.assertEqual(dated_slug(day, ["20261205-1", "20261205-3"]), "20261205-2")
        self.assertEqual(dated_slug(day, ["20261204-1", "other"]), "20261205-1")


class FreshItemFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = create_home_page()
        cls.department = create_department(parent=home, name="甲局")
        cls.other = create_department(parent=home, name="乙局")
        cls.editor = cls.department.users[Role.EDITOR]

    def fresh_form(self, client, department=None):
        response = client.get(add_url(department or self.department))
        self.assertEqual(response.status_code, 200)
        return response.context["form"]

    def test_publisher_is_preset_and_limited_to_the_own_organisation(self):
        form = self.fresh_form(self.department.client(Role.EDITOR))
        self.assertEqual(form["publisher"].value(), self.department.organisation.pk)
        self.assertEqual(
            list(form.fields["publisher"].queryset), [self.department.organisation]
        )
        html = form["publisher"].as_widget()
        self.assertIn("甲局", html)
        self.assertNotIn(
            "乙局", html
        )  # a plain list of the allowed ones, not the chooser

    def test_superuser_gets_the_columns_organisation_and_may_choose_any(self):
        admin = create_user(is_superuser=True, is_staff=True)
        client = self.client
        client.force_login(admin)
        form = self.fresh_form(client, self.other)
        self.assertEqual(form["publisher"].value(), self.other.organisation.pk)
        self.assertIn(self.department.organisation, form.fields["publisher"].queryset)

    def test_foreign_publisher_is_refused_on_the_server(self):
        data = article_form_data(
            title="冒名发布", slug="x-1", publisher=self.other.organisation
        )
        response = self.department.client(Role.EDITOR).post(
            add_url(self.department), data
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "您不能以该机构的名义发布信息")
        self.assertContains(response, "冒名发布")  # what was typed stays in the form
        self.assertFalse(ArticlePage.objects.filter(title="冒名发布").exists())

    def test_slug_is_date_and_sequence_not_the_title(self):
        today = timezone.localdate().strftime("%Y%m%d")
        client = self.department.client(Role.EDITOR)
        self.assertEqual(self.fresh_form(client)["slug"].value(), f"{today}-1")
        self.department.column.add_child(
            instance=ArticlePage(
                title="已有", slug=f"{today}-1", publisher=self.department.organisation
            )
        )
        self.assertEqual(self.fresh_form(client)["slug"].value(), f"{today}-2")

    def test_autosave_of_a_fresh_form_with_a_title_succeeds(self):
        client = self.department.client(Role.EDITOR)
        form = self.fresh_form(client)
        # What the browser posts: the form's preset values and the typed title.
        data = article_form_data(
            title="新的通知",
            slug=form["slug"].value(),
            publisher=self.department.organisation,
        )
        data["publisher"] = form["publisher"].value()
        response = client.post(
            add_url(self.department), data, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["success"])
        page = ArticlePage.objects.get(title="新的通知")
        self.assertEqual(page.publisher, self.department.organisation)
        self.assertRegex(page.slug, r"^\d{8}-1$")

    def test_fresh_form_without_publisher_preset_would_fail_autosave(self):
        """Control: the same autosave without a publisher is the error editors saw."""
        data = article_form_data(
            title="无机构", slug="a-1", publisher=self.department.organisation
        )
        data["publisher"] = ""
        response = self.department.client(Role.EDITOR).post(
            add_url(self.department), data, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error_code"], "validation_error")
