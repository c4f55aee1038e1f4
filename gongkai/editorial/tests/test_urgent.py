"""紧急发布 with a reason, the after-the-fact review list, and 撤回发布 with a reason kind."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import create_article, publish
from gongkai.core.tests.factories import create_home_page

from ..enums import Role, WithdrawalReason
from ..models import UrgentPublication
from .factories import create_department


class UrgentPublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = create_home_page()
        cls.department = create_department(parent=home)
        cls.other = create_department(parent=home)

    def setUp(self):
        self.page = create_article(
            column=self.department.column,
            publisher=self.department.organisation,
            title="暴雨红色预警",
        )
        self.page.save_revision(user=self.department.users[Role.EDITOR])
        self.url = reverse("gongkai_editorial:urgent_publish", args=[self.page.pk])

    def test_final_approver_publishes_at_once_with_a_reason(self):
        client = self.department.client(Role.FINAL_APPROVER)
        self.assertContains(client.get(self.url), "紧急发布理由")
        response = client.post(self.url, {"reason": "防汛预警须立即发布"})
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            fetch_redirect_response=False,
        )
        page = ArticlePage.objects.get(pk=self.page.pk)
        self.assertTrue(page.live)
        self.assertTrue(page.index_number)
        urgent = UrgentPublication.objects.get(page=self.page)
        self.assertEqual(urgent.reason, "防汛预警须立即发布")
        self.assertFalse(urgent.is_reviewed)
        entry = PageLogEntry.objects.get(
            page=self.page, action="gongkai.urgent_publish"
        )
        self.assertEqual(entry.user, self.department.users[Role.FINAL_APPROVER])
        self.assertEqual(entry.data["reason"], "防汛预警须立即发布")

    def test_the_edit_page_offers_urgent_publish_to_final_approvers_only(self):
        edit = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        self.assertContains(
            self.department.client(Role.FINAL_APPROVER).get(edit), self.url
        )
        self.assertNotContains(self.department.client(Role.EDITOR).get(edit), self.url)

    def test_a_reason_is_required(self):
        response = self.department.client(Role.FINAL_APPROVER).post(
            self.url, {"reason": " "}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "error-message")
        response = self.department.client(Role.FINAL_APPROVER).post(
            self.url, {"reason": "急"}
        )
        self.assertContains(response, "请填写紧急发布的理由")
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_other_roles_and_departments_cannot_urgent_publish(self):
        cases = (
            (self.department, Role.EDITOR),
            (self.department, Role.REVIEWER),
            (self.other, Role.FINAL_APPROVER),
        )
        for department, role in cases:
            with self.subTest(role=role, own=department is self.department):
                response = department.client(role).post(
                    self.url, {"reason": "越权紧急发布"}
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_the_review_list_shows_it_until_someone_else_reviews_it(self):
        publisher = self.department.client(Role.FINAL_APPROVER)
        publisher.post(self.url, {"reason": "防汛预警须立即发布"})
        urgent = UrgentPublication.objects.get(page=self.page)
        index = reverse("gongkai_editorial:urgent_index")
        self.assertContains(
            self.department.client(Role.DISCLOSURE_OFFICER).get(index), "暴雨红色预警"
        )
        self.assertNotContains(
            self.other.client(Role.DISCLOSURE_OFFICER).get(index), "暴雨红色预警"
        )
        self.assertContains(
            self.department.client(Role.DISCLOSURE_OFFICER).get("/admin/"),
            "紧急发布待事后审核",
        )
        review = reverse("gongkai_editorial:urgent_review", args=[urgent.pk])
        publisher.post(review, {"note": "自己审自己"})
        urgent.refresh_from_db()
        self.assertFalse(urgent.is_reviewed)
        self.department.client(Role.DISCLOSURE_OFFICER).post(
            review, {"note": "内容无误"}
        )
        urgent.refresh_from_db()
        self.assertTrue(urgent.is_reviewed)
        self.assertEqual(urgent.review_note, "内容无误")
        self.assertNotContains(
            self.department.client(Role.DISCLOSURE_OFFICER).get(index), "暴雨红色预警"
        )
        self.assertTrue(
            PageLogEntry.objects.filter(
                page=self.page, action="gongkai.urgent_review"
            ).exists()
        )

    def test_another_final_approver_of_the_department_sees_and_reviews_it(self):
        from .factories import create_user

        self.department.client(Role.FINAL_APPROVER).post(
            self.url, {"reason": "防汛预警须立即发布"}
        )
        urgent = UrgentPublication.objects.get(page=self.page)
        colleague = create_user(
            organisation=self.department.organisation, role=Role.FINAL_APPROVER
        )
        client = self.department.client(Role.FINAL_APPROVER)
        client.force_login(colleague)
        self.assertContains(
            client.get(reverse("gongkai_editorial:urgent_index")), "暴雨红色预警"
        )
        self.assertNotContains(
            self.other.client(Role.FINAL_APPROVER).get(
                reverse("gongkai_editorial:urgent_index")
            ),
            "暴雨红色预警",
        )
        client.post(
            reverse("gongkai_editorial:urgent_review", args=[urgent.pk]),
            {"note": "同意"},
        )
        urgent.refresh_from_db()
        self.assertEqual(urgent.reviewed_by, colleague)


class WithdrawTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department(parent=create_home_page())

    def setUp(self):
        self.page = publish(
            create_article(
                column=self.department.column, publisher=self.department.organisation
            )
        )

    def test_unpublishing_asks_for_a_reason_kind(self):
        """Wagtail's own unpublish is redirected to 撤回发布, which needs a reason."""
        client = self.department.client(Role.DISCLOSURE_OFFICER)
        client.force_login(self.department.users[Role.DISCLOSURE_OFFICER])
        withdraw = reverse("gongkai_editorial:withdraw", args=[self.page.pk])
        self.assertContains(client.get(withdraw), "已被替代")
        response = client.post(withdraw, {"reason": ""})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(ArticlePage.objects.get(pk=self.page.pk).live)
        response = client.post(
            withdraw, {"reason": WithdrawalReason.REPLACED, "note": "见新文件"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)
        entry = PageLogEntry.objects.get(page=self.page, action="gongkai.withdraw")
        self.assertEqual(entry.data["reason"], WithdrawalReason.REPLACED)
        self.assertTrue(
            PageLogEntry.objects.filter(
                page=self.page, action="wagtail.unpublish"
            ).exists()
        )

    def test_wagtails_unpublish_view_does_not_unpublish_without_a_reason(self):
        from ..tests.factories import create_user

        admin = create_user(is_superuser=True, is_staff=True)
        client = self.department.client(Role.EDITOR)
        client.force_login(admin)
        response = client.post(
            reverse("wagtailadmin_pages:unpublish", args=[self.page.pk])
        )
        self.assertRedirects(
            response,
            reverse("gongkai_editorial:withdraw", args=[self.page.pk]),
            fetch_redirect_response=False,
        )
        self.assertTrue(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_final_approvers_withdraw_other_departments_cannot(self):
        withdraw = reverse("gongkai_editorial:withdraw", args=[self.page.pk])
        other = create_department(parent=create_home_page())
        other.client(Role.FINAL_APPROVER).post(
            withdraw, {"reason": WithdrawalReason.EXPIRED}
        )
        self.assertTrue(ArticlePage.objects.get(pk=self.page.pk).live)
        response = self.department.client(Role.FINAL_APPROVER).post(
            withdraw, {"reason": WithdrawalReason.EXPIRED}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ArticlePage.objects.get(pk=self.page.pk).live)

    def test_editors_cannot_withdraw(self):
        withdraw = reverse("gongkai_editorial:withdraw", args=[self.page.pk])
        self.department.client(Role.EDITOR).post(
            withdraw, {"reason": WithdrawalReason.EXPIRED}
        )
        self.assertTrue(ArticlePage.objects.get(pk=self.page.pk).live)
