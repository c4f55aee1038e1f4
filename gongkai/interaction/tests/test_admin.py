"""The admin queue: each organisation's officer sees only its own letters."""

from datetime import date

from django.contrib.auth.models import Permission, User
from django.test import TestCase
from django.urls import reverse

from gongkai.core.tests.factories import create_organisation
from gongkai.interaction import services
from gongkai.interaction.models import InteractionOfficer, Letter

from .factories import create_channel


def officer(username, organisation):
    user = User.objects.create_user(username, password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    InteractionOfficer.objects.create(user=user, organisation=organisation)
    return user


class AdminQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = create_organisation(name="示例区人民政府办公室")
        cls.education = create_organisation(name="示例区教育局", parent=cls.office)
        cls.edu_user = officer("education-hudong", cls.education)
        cls.office_user = officer("office-hudong", cls.office)
        cls.letter = services.submit_letter(
            channel=create_channel("mailbox", days=10),
            organisation=cls.education,
            name="李四",
            phone="13812345678",
            email="",
            subject="校车问题",
            body="我的电话13812345678",
            wants_public=True,
            today=date(2025, 9, 26),
        )

    def test_own_queue_reply_and_other_org_404(self):
        url = reverse("gongkai_interaction:letter", args=[self.letter.pk])
        self.client.force_login(self.office_user)
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertNotContains(queue, "校车问题")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.post(url, {"reply": "x", "public_body": "x"}).status_code, 404
        )
        self.client.force_login(self.edu_user)
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertContains(queue, "校车问题")
        self.assertContains(queue, "已逾期")
        page = self.client.get(url)
        self.assertContains(page, "138****5678")  # redaction proposed for publishing
        bad = self.client.post(url, {"reply": "", "public_body": "内容"})
        self.assertEqual(bad.status_code, 400)
        response = self.client.post(
            url, {"reply": "已安排。", "public_body": "校车内容", "publish": "on"}
        )
        self.assertEqual(response.status_code, 302)
        letter = Letter.objects.get()
        self.assertTrue(letter.is_published)
        detail = self.client.get(reverse("hudong:detail", args=[letter.pk]))
        self.assertContains(detail, "已安排。")
        self.assertNotContains(detail, "13812345678")

    def test_transfer_moves_letter_to_other_queue(self):
        url = reverse("gongkai_interaction:letter", args=[self.letter.pk])
        self.client.force_login(self.edu_user)
        response = self.client.post(
            url, {"transfer": "1", "organisation": str(self.office.pk)}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.office_user)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(
            self.client.post(
                url, {"transfer": "1", "organisation": "../x"}
            ).status_code,
            400,
        )

    def test_user_without_role_gets_404(self):
        user = User.objects.create_user("nobody", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(user)
        self.assertEqual(
            self.client.get(reverse("gongkai_interaction:queue")).status_code, 404
        )


class DashboardPanelTests(TestCase):
    def test_dashboard_shows_overdue_and_silence(self):
        education = create_organisation(name="示例区教育局")
        user = officer("education-hudong", education)
        services.submit_letter(
            channel=create_channel("consult"),
            organisation=education,
            name="李四",
            phone="13812345678",
            email="",
            subject="旧来信",
            body="内容",
            wants_public=False,
            today=date(2025, 1, 6),
        )
        self.client.force_login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(
            response, '<strong class="hudong-overdue">1</strong>', html=False
        )
        self.assertContains(response, "超过3个月无答复")
