"""The 三审 workflow through the admin's own views: submit, three approvals, rejection."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, Workflow, WorkflowPage, WorkflowState

from gongkai.catalog.models import ArticlePage
from gongkai.core.tests.factories import create_home_page

from ..enums import Role
from ..workflows import WORKFLOWS, ensure_default_workflows
from .factories import (
    add_article,
    create_department,
    create_user,
    submit_for_review,
    workflow_action,
)


class WorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()
        home = create_home_page()
        cls.department = create_department(parent=home)
        cls.other = create_department(parent=home)

    def setUp(self):
        response = add_article(
            self.department.client(Role.EDITOR), self.department, title="三审测试稿件"
        )
        self.assertEqual(response.status_code, 302)
        self.page = ArticlePage.objects.get(title="三审测试稿件")

    def submit(self):
        response = submit_for_review(self.department.client(Role.EDITOR), self.page)
        self.assertEqual(response.status_code, 302)
        return WorkflowState.objects.get(object_id=str(self.page.pk))

    def approve(self, role, department=None):
        return workflow_action(
            (department or self.department).client(role), self.page, "approve"
        )

    def assert_refused(self, response, *, step):
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        state = WorkflowState.objects.get(object_id=str(self.page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, step)
        self.assertEqual(state.current_task_state.status, "in_progress")

    def test_every_column_gets_three_steps_by_default(self):
        state = self.submit()
        self.assertEqual(state.workflow.name, str(WORKFLOWS["three"][0]))
        self.assertEqual(state.current_task_state.task.name, "初审")

    def test_three_approvals_publish_the_item(self):
        """初审 (审核员) → 复审 (公开办) → 终审 (终审): the item goes live with an index number."""
        self.submit()
        for role, remaining in (
            (Role.REVIEWER, "复审"),
            (Role.DISCLOSURE_OFFICER, "终审"),
            (Role.FINAL_APPROVER, None),
        ):
            with self.subTest(role=role):
                response = self.approve(role)
                self.assertIn(response.status_code, (200, 302))
                state = WorkflowState.objects.get(object_id=str(self.page.pk))
                if remaining:
                    self.assertEqual(state.current_task_state.task.name, remaining)
        page = ArticlePage.objects.get(pk=self.page.pk)
        self.assertTrue(page.live)
        self.assertTrue(page.index_number)
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)

    def test_rejection_returns_the_item_to_the_editor_with_the_comment(self):
        self.submit()
        response = workflow_action(
            self.department.client(Role.REVIEWER),
            self.page,
            "reject",
            comment="标题有错别字",
        )
        self.assertIn(response.status_code, (200, 302))
        state = WorkflowState.objects.get(object_id=str(self.page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)
        entry = PageLogEntry.objects.get(
            page=self.page, action="wagtail.workflow.reject"
        )
        self.assertEqual(entry.data["comment"], "标题有错别字")
        # The editor resubmits and the workflow continues.
        self.submit()
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)

    def test_the_author_cannot_approve_their_own_step(self):
        """A reviewer who wrote the item (or submitted it) gets 403 on approve and reject."""
        author = self.department.users[Role.REVIEWER]
        author.groups.add(*self.department.users[Role.EDITOR].groups.all())
        client = self.department.client(Role.REVIEWER)
        response = add_article(client, self.department, title="审核员自己写的稿件")
        self.page = ArticlePage.objects.get(title="审核员自己写的稿件")
        submit_for_review(client, self.page)
        for action in ("approve", "reject"):
            with self.subTest(action=action):
                self.assert_refused(
                    workflow_action(client, self.page, action), step="初审"
                )
        # Another reviewer of the department may.
        colleague = create_user(
            organisation=self.department.organisation, role=Role.REVIEWER
        )
        client.force_login(colleague)
        self.assertIn(
            workflow_action(client, self.page, "approve").status_code, (200, 302)
        )
        del response

    def test_wrong_role_or_department_cannot_approve(self):
        self.submit()
        cases = (
            (self.department, Role.EDITOR),
            (self.department, Role.FINAL_APPROVER),
            (self.other, Role.REVIEWER),
        )
        for department, role in cases:
            with self.subTest(role=role, own=department is self.department):
                self.assert_refused(self.approve(role, department), step="初审")

    def test_approval_only_from_the_review_screen_after_opening_it(self):
        """Issue #16 item 4: no approve from the dashboard or action menu, nor blind."""
        state = self.submit()
        task_state = state.current_task_state
        reviewer = self.department.client(Role.REVIEWER)
        # Wagtail's workflow action view (the dashboard panel's and the action menu's
        # buttons post there) never approves: approve is not among the step's actions,
        # and its URL sends a reviewer to the review screen (review.approve_elsewhere).
        direct = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[self.page.pk, "approve", task_state.pk],
        )
        review = reverse("gongkai_editorial:review", args=[task_state.pk])
        self.assertRedirects(
            reviewer.post(direct), review, fetch_redirect_response=False
        )
        self.assertEqual(
            WorkflowState.objects.get(pk=state.pk).current_task_state.task.name, "初审"
        )
        # The review screen refuses a POST from someone who never opened it.
        blind = reviewer.post(review, {"action": "approve"})
        self.assertRedirects(blind, review, fetch_redirect_response=False)
        opened = reviewer.get(review)
        self.assertContains(opened, "请在审核页查看本稿件的修改对比后再审核通过。")
        self.assertContains(opened, 'value="approve"')
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.task.name, "初审")
        # Opened (the changes shown), the approval goes through.
        self.assertRedirects(
            reviewer.post(review, {"action": "approve"}),
            "/admin/",
            fetch_redirect_response=False,
        )
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.task.name, "复审")
        # The dashboard offers the review screen, no approve button.
        office = self.department.client(Role.DISCLOSURE_OFFICER)
        home = office.get("/admin/").content.decode()
        self.assertIn(f"/workflow/action/{self.page.pk}/review/", home)
        self.assertNotIn(f"/workflow/action/{self.page.pk}/approve/", home)
        # "review" from the dashboard leads to the step's review screen.
        response = office.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[self.page.pk, "review", state.current_task_state.pk],
            )
        )
        self.assertRedirects(
            response,
            reverse("gongkai_editorial:review", args=[state.current_task_state.pk]),
            fetch_redirect_response=False,
        )

    def test_the_editor_action_menu_leads_to_the_review_screen(self):
        """The footer's 审核（查看修改） saves like any workflow action, then opens the screen."""
        from .factories import article_form_data

        state = self.submit()
        data = article_form_data(
            title=self.page.title,
            slug=self.page.slug,
            publisher=self.department.organisation,
            **{"action-workflow-action": "1", "workflow-action-name": "review"},
        )
        response = self.department.client(Role.REVIEWER).post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data
        )
        self.assertRedirects(
            response,
            reverse("gongkai_editorial:review", args=[state.current_task_state.pk]),
            fetch_redirect_response=False,
        )
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.task.name, "初审")  # not approved

    def test_the_review_screen_shows_the_changes_since_the_live_version(self):
        self.submit()
        for role in (Role.REVIEWER, Role.DISCLOSURE_OFFICER, Role.FINAL_APPROVER):
            self.approve(role)
        self.assertTrue(ArticlePage.objects.get(pk=self.page.pk).live)
        self.page = ArticlePage.objects.get(pk=self.page.pk)
        self.page.title = "三审测试稿件（修订）"
        self.page.save_revision(user=self.department.users[Role.EDITOR])
        state = self.page.get_workflow().start(
            self.page, self.department.users[Role.EDITOR]
        )
        review = reverse("gongkai_editorial:review", args=[state.current_task_state.pk])
        response = self.department.client(Role.REVIEWER).get(review)
        self.assertContains(response, "三审测试稿件")
        self.assertContains(response, "（修订）")  # inside the title's diff
        self.assertContains(response, "addition")
        # Other departments' reviewers and the editor cannot open it.
        self.assertRedirects(
            self.other.client(Role.REVIEWER).get(review),
            "/admin/",
            fetch_redirect_response=False,
        )
        self.assertRedirects(
            self.department.client(Role.EDITOR).get(review),
            "/admin/",
            fetch_redirect_response=False,
        )
        # Hostile ids answer 404.
        missing = reverse("gongkai_editorial:review", args=[999999])
        self.assertEqual(
            self.department.client(Role.REVIEWER).get(missing).status_code, 404
        )

    def test_a_column_can_use_one_step(self):
        one_step = Workflow.objects.get(name=str(WORKFLOWS["one"][0]))
        WorkflowPage.objects.create(page=self.department.column, workflow=one_step)
        self.submit()
        self.approve(Role.FINAL_APPROVER)
        self.assertTrue(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_editors_cannot_publish_directly(self):
        from django.urls import reverse

        from .factories import article_form_data

        data = article_form_data(
            title=self.page.title,
            slug=self.page.slug,
            publisher=self.department.organisation,
            **{"action-publish": "1"},
        )
        self.department.client(Role.EDITOR).post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data
        )
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)


class PolicyWorkflowTests(TestCase):
    def test_final_approval_is_refused_for_a_policy_without_interpretation(self):
        """The 三同步 rule holds at the last step too, not only when the editor submits."""
        from gongkai.catalog.policy import PolicyDocumentPage

        ensure_default_workflows()
        department = create_department(parent=create_home_page())
        department.column.requires_interpretation = True
        department.column.save()
        editor = department.users[Role.EDITOR]
        page = department.column.add_child(
            instance=PolicyDocumentPage(
                title="未解读的政策文件",
                slug="policy",
                publisher=department.organisation,
                live=False,
                owner=editor,
            )
        )
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
        for role in (Role.REVIEWER, Role.DISCLOSURE_OFFICER):
            workflow_action(department.client(role), page, "approve")
        final = department.client(Role.FINAL_APPROVER)
        response = workflow_action(final, page, "approve")
        # Back on the review screen, the refusal said there; the item stays at 终审.
        review = reverse(
            "gongkai_editorial:review", args=[page.current_workflow_task_state.pk]
        )
        self.assertRedirects(response, review, fetch_redirect_response=False)
        self.assertContains(final.get(review), "解读")
        self.assertFalse(PolicyDocumentPage.objects.get(pk=page.pk).live)
        state = WorkflowState.objects.get(object_id=str(page.pk))
        self.assertEqual(state.current_task_state.task.name, "终审")
