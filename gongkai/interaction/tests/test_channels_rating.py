"""Channels per site, the spam guards, 满意度 once with the 查询码, public search."""

import time
from datetime import date

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.models import Site

from gongkai.core.public_guards import issue_form_token
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.interaction import services
from gongkai.interaction.models import Letter, Rating

from .factories import create_channel, create_letter

FORM_URL = reverse("hudong:form")
STATUS_URL = reverse("hudong:status")
RATING_URL = reverse("hudong:rating")


class ChannelAndGuardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_page(title="示例区人民政府")
        cls.office = create_organisation(
            name="示例区人民政府办公室", root_page=cls.home
        )
        cls.education = create_organisation(name="示例区教育局", parent=cls.office)
        cls.mayor = create_channel(
            "mailbox",
            name="区长信箱",
            days=7,
            organisation=cls.office,
            recipient="区长",
        )
        cls.complaint = create_channel("complaint", days=3)
        cls.other_site = Site.objects.create(
            hostname="other.example", root_page=cls.home
        )
        cls.elsewhere = create_channel("consult", name="别站咨询", site=cls.other_site)
        cls.closed = create_channel("consult", name="停用咨询", is_active=False)

    def setUp(self):
        cache.clear()

    def data(self, channel, **overrides):
        data = {
            "channel": str(channel.pk),
            "form_token": issue_form_token(now=time.time() - 60)[0],
            "organisation": str(self.education.pk),
            "name": "张三",
            "phone": "13812345678",
            "subject": "路灯不亮",
            "body": "小区门口路灯坏了一个月。",
        }
        data.update(overrides)
        return data

    def test_named_leader_channel_routes_to_its_office_with_its_deadline(self):
        form = self.client.get(FORM_URL)
        self.assertContains(form, "区长信箱（区长）")
        self.assertNotContains(form, "别站咨询")  # another site's channel
        self.assertNotContains(form, "停用咨询")
        response = self.client.post(FORM_URL, self.data(self.mayor))
        self.assertEqual(response.status_code, 200)
        letter = Letter.objects.get()
        # The writer picked 教育局, but the leader's mailbox belongs to the office.
        self.assertEqual(letter.organisation, self.office)
        self.assertEqual((letter.kind, letter.channel), ("mailbox", self.mayor))
        self.assertEqual(letter.due_on, services.due_date(7, letter.received_on))

    def test_open_channel_needs_an_organisation_and_uses_its_own_days(self):
        response = self.client.post(
            FORM_URL, self.data(self.complaint, organisation="")
        )
        self.assertContains(response, "请选择写信对象。", status_code=400)
        self.assertContains(response, "路灯不亮", status_code=400)
        self.client.post(FORM_URL, self.data(self.complaint))
        letter = Letter.objects.get()
        self.assertEqual(
            (letter.organisation, letter.kind), (self.education, "complaint")
        )
        self.assertEqual(letter.due_on, services.due_date(3, letter.received_on))

    def test_other_sites_and_inactive_channels_are_refused(self):
        for channel in (self.elsewhere, self.closed):
            response = self.client.post(FORM_URL, self.data(channel))
            self.assertContains(response, "请选择列表中的栏目。", status_code=400)
        self.assertFalse(Letter.objects.exists())

    def test_honeypot_fast_robots_and_forged_tokens_are_refused(self):
        honeypot = self.client.post(
            FORM_URL, self.data(self.complaint, homepage="http://spam")
        )
        self.assertContains(honeypot, "提交未成功", status_code=400)
        fresh = issue_form_token(now=time.time())[0]
        fast = self.client.post(FORM_URL, self.data(self.complaint, form_token=fresh))
        self.assertContains(fast, "您提交得太快了", status_code=400)
        self.assertContains(fast, "小区门口路灯坏了一个月。", status_code=400)
        forged = self.client.post(
            FORM_URL, self.data(self.complaint, form_token="x" * 5000)
        )
        self.assertContains(forged, "表单已失效", status_code=400)
        self.assertFalse(Letter.objects.exists())
        # The refused form carries a new, valid token: sending it again works.
        token = forged.context["form"].data["form_token"]
        again = self.client.post(FORM_URL, self.data(self.complaint, form_token=token))
        self.assertEqual(again.status_code, 200)
        self.assertEqual(Letter.objects.count(), 1)

    @override_settings(GONGKAI_INTERACTION_SUBMIT_RATE="1/h")
    def test_honeypot_counts_against_the_rate_limit(self):
        self.client.post(FORM_URL, self.data(self.complaint, homepage="x"))
        response = self.client.post(FORM_URL, self.data(self.complaint))
        self.assertEqual(response.status_code, 429)
        self.assertFalse(Letter.objects.exists())


class RatingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        create_home_page(title="示例区人民政府")
        cls.education = create_organisation(name="示例区教育局")
        cls.letter = create_letter(
            create_channel("consult"),
            cls.education,
            today=date(2025, 9, 1),
            subject="入学咨询",
        )

    def setUp(self):
        cache.clear()

    def rate(self, rating="satisfied", tail="5678"):
        return self.client.post(
            RATING_URL,
            {"code": self.letter.display_code, "phone_tail": tail, "rating": rating},
        )

    def reply(self):
        services.reply_to_letter(
            self.letter,
            reply="九月一日报名。",
            public_body="入学咨询内容",
            publish=True,
            today=date(2025, 9, 3),
        )

    def test_no_rating_before_the_reply(self):
        status = self.client.post(
            STATUS_URL, {"code": self.letter.display_code, "phone_tail": "5678"}
        )
        self.assertNotContains(status, "提交评价")
        self.assertContains(self.rate(), "答复后才能评价", status_code=409)
        self.assertEqual(Letter.objects.get().rating, "")

    def test_the_writer_rates_once(self):
        self.reply()
        status = self.client.post(
            STATUS_URL, {"code": self.letter.display_code, "phone_tail": "5678"}
        )
        self.assertContains(status, "提交评价")
        self.assertContains(self.rate("basic"), "感谢您的评价。")
        self.assertEqual(Letter.objects.get().rating, Rating.BASIC)
        again = self.rate("unsatisfied")
        self.assertContains(again, "只能评价一次", status_code=409)
        self.assertNotContains(again, "提交评价", status_code=409)
        self.assertEqual(Letter.objects.get().rating, Rating.BASIC)
        detail = self.client.get(reverse("hudong:detail", args=[self.letter.pk]))
        self.assertContains(detail, "基本满意")

    def test_wrong_tail_or_bad_values_change_nothing(self):
        self.reply()
        self.assertEqual(self.rate(tail="0000").status_code, 404)
        self.assertEqual(self.rate(tail="<x>").status_code, 400)
        self.assertContains(
            self.rate(rating="excellent"), "请选择满意度。", status_code=400
        )
        self.assertEqual(self.rate(rating="").status_code, 400)
        self.assertEqual(
            self.client.post(RATING_URL, {"code": "../../etc/passwd"}).status_code, 400
        )
        self.assertEqual(self.client.get(RATING_URL).status_code, 405)
        self.assertEqual(Letter.objects.get().rating, "")

    @override_settings(GONGKAI_INTERACTION_STATUS_RATE="2/h")
    def test_guessing_the_tail_is_rate_limited(self):
        self.reply()
        self.rate(tail="0000")
        self.rate(tail="0001")
        self.assertEqual(self.rate().status_code, 429)
        self.assertEqual(Letter.objects.get().rating, "")


class PublicSearchTests(TestCase):
    def test_search_finds_published_letters_only(self):
        create_home_page(title="示例区人民政府")
        education = create_organisation(name="示例区教育局")
        channel = create_channel("consult")
        for subject, publish in (("校车路线调整", True), ("校车费用", False)):
            letter = create_letter(
                channel, education, today=date(2025, 9, 1), subject=subject
            )
            services.reply_to_letter(
                letter,
                reply="已答复",
                public_body="内容",
                publish=publish,
                today=date(2025, 9, 2),
            )
        create_letter(channel, education, today=date(2025, 9, 1), subject="校车未答")
        url = reverse("hudong:list")
        response = self.client.get(url, {"q": "校车"})
        self.assertContains(response, "校车路线调整")
        self.assertNotContains(response, "校车费用")
        self.assertNotContains(response, "校车未答")
        self.assertContains(response, "共 1 件")
        self.assertContains(self.client.get(url, {"q": "校车 路线"}), "校车路线调整")
        self.assertContains(self.client.get(url, {"q": "不存在"}), "共 0 件")
        for hostile in ("%", "'\"<script>", "x" * 10000, "\x00"):
            self.assertIn(self.client.get(url, {"q": hostile}).status_code, (200,))
