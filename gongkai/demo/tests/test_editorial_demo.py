"""The demo's departments: a new user logs in as an editor, submits, three reviewers approve."""

from django.test import Client, TestCase
from django.urls import reverse

from gongkai.catalog.models import ArticlePage
from gongkai.demo.builder import build_demo_site
from gongkai.demo.editorial import (
    DEFAULT_DEPARTMENT_PASSWORD,
    DEPARTMENTS,
    ensure_editorial_demo,
)
from gongkai.editorial.tests.factories import article_form_data


class EditorialDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=0)

    def login(self, username):
        client = Client()
        self.assertTrue(client.login(username=username, password=DEFAULT_DEPARTMENT_PASSWORD))
        return client

    def test_each_department_has_its_column_and_four_accounts(self):
        for key, slug, title in DEPARTMENTS:
            with self.subTest(department=key):
                organisation = self.demo.organisations[key]
                self.assertEqual(organisation.root_page.title, title)
                self.assertEqual(organisation.root_page.slug, slug)
                for suffix in ("editor", "reviewer", "final", "office"):
                    self.login(f"{key}-{suffix}")

    def test_an_editor_submits_and_three_reviewers_publish(self):
        column = self.demo.organisations["ndrc"].root_page
        editor = self.login("ndrc-editor")
        url = reverse("wagtailadmin_pages:add", args=["catalog", "articlepage", column.pk])
        data = article_form_data(title="区发改局演示稿件", slug="demo-item",
                                 publisher=self.demo.organisations["ndrc"], **{"action-submit": "1"})
        self.assertEqual(editor.post(url, data).status_code, 302)
        page = ArticlePage.objects.get(title="区发改局演示稿件")
        for username in ("ndrc-reviewer", "ndrc-office", "ndrc-final"):
            state = page.current_workflow_task_state
            action = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
            self.assertIn(self.login(username).post(action).status_code, (200, 302))
            page = ArticlePage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_building_again_adds_no_accounts(self):
        again = ensure_editorial_demo(organisations=self.demo.organisations, columns=self.demo.columns)
        self.assertEqual(len(again), 16)
        self.assertEqual(len({account.username for account in again}), 16)
