"""Every editorial action leaves an audit entry with actor and time, filterable and exportable."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry

from gongkai.catalog.models import ArticlePage
from gongkai.core.tests.factories import create_home_page

from ..enums import Role, WithdrawalReason
from ..workflows import ensure_default_workflows
from .factories import (
    add_article,
    article_form_data,
    create_department,
    create_user,
    submit_for_review,
    workflow_action,
)


class AuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()
        cls.department = create_department(parent=create_home_page())
        cls.admin = create_user(is_superuser=True, is_staff=True)

    def run_editorial_story(self):
        d = self.department
        add_article(d.client(Role.EDITOR), d, title="审计测试稿件")
        page = ArticlePage.objects.get(title="审计测试稿件")
        submit_for_review(d.client(Role.EDITOR), page)
        workflow_action(d.client(Role.REVIEWER), page, "reject", comment="请补充摘要")
        submit_for_review(d.client(Role.EDITOR), page)
        for role in (Role.REVIEWER, Role.DISCLOSURE_OFFICER, Role.FINAL_APPROVER):
            workflow_action(d.client(role), page, "approve")
        # A metadata change (文号) published urgently, then withdrawn.
        page = ArticlePage.objects.get(pk=page.pk)
        data = article_form_data(
            title=page.title,
            slug=page.slug,
            publisher=d.organisation,
            document_number="金东教〔2025〕1号",
        )
        d.client(Role.EDITOR).post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data
        )
        d.client(Role.FINAL_APPROVER).post(
            reverse("gongkai_editorial:urgent_publish", args=[page.pk]),
            {"reason": "补正文号立即更新"},
        )
        d.client(Role.DISCLOSURE_OFFICER).post(
            reverse("gongkai_editorial:withdraw", args=[page.pk]),
            {"reason": WithdrawalReason.PUBLISHED_IN_ERROR},
        )
        return page

    def test_each_action_is_logged_with_its_actor(self):
        page = self.run_editorial_story()
        d = self.department
        expected = {
            "wagtail.workflow.start": d.users[Role.EDITOR],
            "wagtail.workflow.reject": d.users[Role.REVIEWER],
            "wagtail.workflow.approve": d.users[Role.FINAL_APPROVER],
            "wagtail.publish": d.users[Role.FINAL_APPROVER],
            "gongkai.index_number.allocate": None,
            "gongkai.metadata_change": d.users[Role.FINAL_APPROVER],
            "gongkai.urgent_publish": d.users[Role.FINAL_APPROVER],
            "wagtail.unpublish": d.users[Role.DISCLOSURE_OFFICER],
            "gongkai.withdraw": d.users[Role.DISCLOSURE_OFFICER],
        }
        for action, user in expected.items():
            with self.subTest(action=action):
                entries = PageLogEntry.objects.filter(
                    page=page, action=action
                ).order_by("-timestamp")
                self.assertTrue(entries.exists())
                self.assertIsNotNone(entries[0].timestamp)
                if user is not None:
                    self.assertIn(user, [entry.user for entry in entries])
        change = PageLogEntry.objects.get(page=page, action="gongkai.metadata_change")
        self.assertEqual(change.data["fields"], ["document_number"])

    def test_site_history_filters_by_action_and_exports_csv(self):
        self.run_editorial_story()
        client = self.department.client(Role.EDITOR)
        client.force_login(self.admin)
        url = reverse("wagtailadmin_reports:site_history")
        response = client.get(url, {"action": "gongkai.urgent_publish"})
        self.assertContains(response, "紧急发布")
        self.assertContains(response, "审计测试稿件")
        response = client.get(url, {"action": "gongkai.withdraw", "export": "csv"})
        self.assertEqual(response.status_code, 200)
        content = (
            b"".join(response.streaming_content).decode("utf-8")
            if response.streaming
            else response.content.decode()
        )
        self.assertIn("撤回发布", content)
        self.assertNotIn("紧急发布", content)
