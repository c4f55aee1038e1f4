"""A 严重错别字 on the submitted revision blocks 终审 until someone who may review it confirms it."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page, WorkflowState

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

from ..acknowledgements import final_approval_error, unacknowledged_hits
from ..models import TermAcknowledgement

MISSPELT = "学习习近乎总书记重要讲话精神"
FIXED = "学习习近平总书记重要讲话精神"


class FinalApprovalBlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()
        home = create_home_page()
        cls.department = create_department(parent=home)
        cls.other = create_department(parent=home)

    def setUp(self):
        add_article(
            self.department.client(Role.EDITOR), self.department, title=MISSPELT
        )
        self.page = ArticlePage.objects.get(title=MISSPELT)
        submit_for_review(self.department.client(Role.EDITOR), self.page)
        for role in (Role.REVIEWER, Role.DISCLOSURE_OFFICER):
            workflow_action(self.department.client(role), self.page, "approve")

    def state(self):
        return WorkflowState.objects.get(object_id=str(self.page.pk))

    def current_step(self):
        return self.state().current_task_state.task.name

    def revision(self):
        return self.state().current_task_state.revision

    def acknowledge(self, client, wrong="习近乎", revision=None):
        return client.post(
            reverse("gongkai_inspection_acknowledge", args=[self.page.pk]),
            {"revision": (revision or self.revision()).pk, "wrong": wrong},
        )

    def test_final_approval_is_refused_until_acknowledged(self):
        final = self.department.client(Role.FINAL_APPROVER)
        self.assertEqual(self.current_step(), "终审")
        review = reverse(
            "gongkai_editorial:review", args=[self.state().current_task_state.pk]
        )
        response = workflow_action(final, self.page, "approve")
        # Refused on the review screen (issue #16: approval happens only there).
        self.assertRedirects(response, review, fetch_redirect_response=False)
        self.assertContains(final.get(review), "终审未通过")
        self.assertEqual(self.state().status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)

        response = self.acknowledge(final)
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            fetch_redirect_response=False,
        )
        ack = TermAcknowledgement.objects.get()
        self.assertEqual(
            (ack.revision_id, ack.wrong, ack.correct, ack.acknowledged_by),
            (
                self.revision().pk,
                "习近乎",
                "习近平",
                self.department.users[Role.FINAL_APPROVER],
            ),
        )
        self.assertIsNotNone(ack.acknowledged_at)
        self.assertIn(
            workflow_action(final, self.page, "approve").status_code, (200, 302)
        )
        self.assertEqual(self.state().status, WorkflowState.STATUS_APPROVED)
        self.assertTrue(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_the_review_screen_refuses_approve_with_the_reason_in_chinese(self):
        final = self.department.client(Role.FINAL_APPROVER)
        url = reverse(
            "gongkai_editorial:review", args=[self.state().current_task_state.pk]
        )
        self.assertEqual(final.get(url).status_code, 200)  # the changes shown
        response = final.post(url, {"action": "approve"}, follow=True)
        self.assertContains(response, "终审未通过：稿件中有未确认的严重错别字")
        self.assertContains(response, "“习近乎”（应为“习近平”）")
        self.assertEqual(self.current_step(), "终审")
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_the_editor_shows_the_hit_with_its_acknowledge_button(self):
        final = self.department.client(Role.FINAL_APPROVER)
        url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        ack_url = reverse("gongkai_inspection_acknowledge", args=[self.page.pk])
        response = final.get(url)
        # In Wagtail's 检查 side panel (templates/wagtailadmin/shared/side_panels/).
        self.assertContains(response, 'data-gongkai-hit="习近乎"')
        self.assertContains(response, "未确认，终审前须修改或确认")
        self.assertContains(response, ack_url)
        self.acknowledge(final)
        response = final.get(url)
        self.assertContains(response, "已确认：")
        self.assertNotContains(response, ack_url)

    def test_others_cannot_acknowledge(self):
        cases = (
            ("another organisation's final approver", self.other, Role.FINAL_APPROVER),
            ("another organisation's reviewer", self.other, Role.REVIEWER),
            ("the author (an editor)", self.department, Role.EDITOR),
        )
        for label, department, role in cases:
            with self.subTest(label):
                client = department.client(role)
                self.assertEqual(self.acknowledge(client).status_code, 403)
                url = reverse("gongkai_inspection_acknowledge", args=[self.page.pk])
                self.assertEqual(client.get(url).status_code, 403)
        self.assertFalse(TermAcknowledgement.objects.exists())

    def test_hostile_input_is_4xx(self):
        final = self.department.client(Role.FINAL_APPROVER)
        other_page = Page.objects.exclude(pk=self.page.pk).exclude(depth=1).first()
        other_revision = other_page.save_revision()
        cases = (
            {"revision": "x", "wrong": "习近乎"},
            {"revision": str(2**70), "wrong": "习近乎"},
            {"revision": self.revision().pk, "wrong": "李墙总理"},  # not on the page
            {"revision": self.revision().pk, "wrong": "x" * 5000},
            {
                "revision": other_revision.pk,
                "wrong": "习近乎",
            },  # another page's revision
            {},
        )
        url = reverse("gongkai_inspection_acknowledge", args=[self.page.pk])
        for data in cases:
            with self.subTest(data=str(data)[:60]):
                self.assertEqual(final.post(url, data).status_code, 400)
        missing = reverse("gongkai_inspection_acknowledge", args=[2**62])
        self.assertEqual(final.post(missing, cases[0]).status_code, 404)
        self.assertFalse(TermAcknowledgement.objects.exists())

    def test_fixing_the_text_clears_the_hit(self):
        """Rejected, corrected and resubmitted: the new revision passes 终审 without a confirmation."""
        workflow_action(
            self.department.client(Role.FINAL_APPROVER), self.page, "reject"
        )
        editor = self.department.client(Role.EDITOR)
        data = article_form_data(
            title=FIXED,
            slug=self.page.slug,
            publisher=self.department.organisation,
            **{"action-submit": "1"},
        )
        response = editor.post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(unacknowledged_hits(self.revision()), [])
        for role in (Role.REVIEWER, Role.DISCLOSURE_OFFICER, Role.FINAL_APPROVER):
            workflow_action(self.department.client(role), self.page, "approve")
        page = ArticlePage.objects.get(pk=self.page.pk)
        self.assertTrue(page.live)
        self.assertEqual(page.title, FIXED)
        self.assertFalse(TermAcknowledgement.objects.exists())

    def test_a_confirmation_holds_for_its_revision_only(self):
        final = self.department.client(Role.FINAL_APPROVER)
        old = self.revision()
        self.acknowledge(final)
        newer = self.page.specific.save_revision()  # still misspelt
        user = self.department.users[Role.FINAL_APPROVER]
        self.assertIsNone(final_approval_error(self.page, old, user))
        self.assertIn("习近乎", final_approval_error(self.page, newer, user) or "")
