"""The reason of a refused 终审 shows on every path a reviewer may press 通过 on, not only
the review screen: the page editor's workflow action and Wagtail's workflow-action URL."""

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from wagtail.models import TaskState

from gongkai.catalog.models import ArticlePage
from gongkai.core.tests.factories import create_home_page
from gongkai.editorial.enums import Role
from gongkai.editorial.tests.factories import (
    add_article,
    article_form_data,
    create_department,
    submit_for_review,
    workflow_action,
)
from gongkai.editorial.workflows import ensure_default_workflows

MISSPELT = "学习习近乎总书记重要讲话精神"
REASON = "终审未通过：稿件中有未确认的严重错别字“习近乎”（应为“习近平”）"


def shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class RefusalMessageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()
        home = create_home_page()
        cls.department = create_department(parent=home)
        cls.other = create_department(parent=home)

    def setUp(self):
        editor = self.department.client(Role.EDITOR)
        add_article(editor, self.department, title=MISSPELT)
        self.page = ArticlePage.objects.get(title=MISSPELT)
        submit_for_review(editor, self.page)

    def task_state(self):
        return TaskState.objects.get(
            workflow_state__object_id=str(self.page.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )

    def to_final_step(self):
        for role in (Role.REVIEWER, Role.DISCLOSURE_OFFICER):
            workflow_action(self.department.client(role), self.page, "approve")
        self.assertEqual(self.task_state().task.name, "终审")

    def approve_url(self):
        state = self.task_state()
        return reverse(
            "wagtailadmin_pages:workflow_action",
            args=[self.page.pk, "approve", state.pk],
        )

    def test_wagtails_workflow_action_url_answers_with_the_reason(self):
        self.to_final_step()
        final = self.department.client(Role.FINAL_APPROVER)
        review = reverse("gongkai_editorial:review", args=[self.task_state().pk])
        response = final.post(self.approve_url())
        self.assertRedirects(response, review, fetch_redirect_response=False)
        self.assertTrue(any(m.startswith(REASON) for m in shown(response)))
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_an_earlier_step_is_sent_to_the_review_screen_without_the_reason(self):
        reviewer = self.department.client(Role.REVIEWER)
        response = reviewer.post(self.approve_url())
        self.assertEqual(
            shown(response), ["请在审核页查看本稿件的修改对比后再审核通过。"]
        )
        self.assertEqual(self.task_state().task.name, "初审")

    def test_who_may_not_review_gets_no_reason(self):
        self.to_final_step()
        response = self.other.client(Role.FINAL_APPROVER).post(self.approve_url())
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        self.assertFalse(any("习近乎" in m for m in shown(response)))

    def test_the_editors_workflow_action_answers_with_the_reason(self):
        self.to_final_step()
        final = self.department.client(Role.FINAL_APPROVER)
        data = article_form_data(
            title=MISSPELT,
            slug=self.page.slug,
            publisher=self.department.organisation,
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        )
        edit = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        response = final.post(edit, data)
        self.assertRedirects(response, edit, fetch_redirect_response=False)
        self.assertTrue(any(m.startswith(REASON) for m in shown(response)))
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)
