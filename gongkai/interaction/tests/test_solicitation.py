"""征集调查: opinions only between the dates, guarded like letters; the 意见采纳情况 shows
once published; the organisation's handlers read the opinions, others cannot."""

import time
from datetime import timedelta

from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from gongkai.core.public_guards import issue_form_token
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.interaction import services
from gongkai.interaction.models import InteractionOfficer, Opinion, Solicitation


def handler(username, organisation):
    user = User.objects.create_user(username, password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    InteractionOfficer.objects.create(user=user, organisation=organisation)
    return user


class SolicitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        create_home_page(title="示例区人民政府")
        cls.education = create_organisation(name="示例区教育局")
        cls.health = create_organisation(name="示例区卫健局")
        today = timezone.localdate()
        cls.open = Solicitation.objects.create(
            title="《示例区学前教育三年行动计划（征求意见稿）》",
            organisation=cls.education,
            draft="第一条 扩大普惠性幼儿园覆盖面。",
            starts_on=today - timedelta(days=3),
            ends_on=today,
        )
        cls.closed = Solicitation.objects.create(
            title="已结束的征集",
            organisation=cls.education,
            draft="草案",
            starts_on=today - timedelta(days=40),
            ends_on=today - timedelta(days=10),
            adoption_summary="共收到意见2条，采纳1条：增加夜间门诊。",
        )
        cls.future = Solicitation.objects.create(
            title="未开始的征集",
            organisation=cls.education,
            draft="草案",
            starts_on=today + timedelta(days=1),
            ends_on=today + timedelta(days=30),
        )

    def setUp(self):
        cache.clear()

    def data(self, **overrides):
        data = {
            "name": "钱二",
            "phone": "13812345678",
            "body": "建议增加公办幼儿园学位。",
            "form_token": issue_form_token(now=time.time() - 60)[0],
        }
        data.update(overrides)
        return data

    def url(self, solicitation):
        return reverse("hudong:solicitation", args=[solicitation.pk])

    def test_opinion_while_open(self):
        page = self.client.get(self.url(self.open))
        self.assertContains(page, "扩大普惠性幼儿园覆盖面")
        self.assertContains(page, "提交意见")
        response = self.client.post(self.url(self.open), self.data())
        self.assertContains(response, "您的意见已提交")
        self.assertContains(response, "1 条")
        opinion = Opinion.objects.get()
        self.assertEqual(opinion.solicitation, self.open)
        self.assertNotContains(response, "13812345678")
        listing = self.client.get(reverse("hudong:solicitations"))
        self.assertContains(listing, "征集中")
        self.assertContains(listing, "已结束")
        self.assertContains(listing, "未开始")

    def test_no_opinion_before_or_after_the_dates(self):
        for solicitation in (self.closed, self.future):
            self.assertNotContains(
                self.client.get(self.url(solicitation)), "提交意见</button>"
            )
            response = self.client.post(self.url(solicitation), self.data())
            self.assertEqual(response.status_code, 409)
        self.assertFalse(Opinion.objects.exists())
        with self.assertRaises(services.SolicitationClosed):
            services.submit_opinion(
                self.closed,
                name="a",
                phone="13800000000",
                body="b",
                today=timezone.localdate(),
            )

    def test_guards_and_bad_input(self):
        for bad in (
            {"homepage": "spam"},
            {"form_token": issue_form_token(now=time.time())[0]},
            {"form_token": "forged"},
            {"phone": "12"},
            {"body": "x" * 6000},
            {"name": "\x00"},
        ):
            response = self.client.post(self.url(self.open), self.data(**bad))
            self.assertEqual(response.status_code, 400, bad)
        self.assertFalse(Opinion.objects.exists())
        self.assertEqual(self.client.get("/hudong/zhengji/999999/").status_code, 404)
        self.assertEqual(self.client.get("/hudong/zhengji/x/").status_code, 404)
        huge = "/hudong/zhengji/99999999999999999999/"
        self.assertEqual(self.client.get(huge).status_code, 404)
        self.assertEqual(self.client.post(huge, self.data()).status_code, 404)
        url = reverse("hudong:solicitations")
        self.assertEqual(self.client.get(url, {"page": "9"}).status_code, 404)

    def test_adoption_summary_only_once_published(self):
        self.assertNotContains(self.client.get(self.url(self.closed)), "采纳1条")
        Solicitation.objects.filter(pk=self.closed.pk).update(summary_published=True)
        page = self.client.get(self.url(self.closed))
        self.assertContains(page, "意见采纳情况")
        self.assertContains(page, "采纳1条：增加夜间门诊。")

    def test_handlers_of_the_organisation_read_the_opinions(self):
        services.submit_opinion(
            self.open,
            name="钱二",
            phone="13812345678",
            body="学位意见",
            today=timezone.localdate(),
        )
        url = reverse("gongkai_interaction:opinions", args=[self.open.pk])
        self.client.force_login(handler("education-hudong", self.education))
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertContains(queue, "学前教育三年行动计划")
        page = self.client.get(url)
        self.assertContains(page, "学位意见")
        self.assertContains(page, "钱*")
        self.assertNotContains(page, "13812345678")
        self.client.force_login(handler("health-hudong", self.health))
        self.assertEqual(self.client.get(url).status_code, 404)
