"""互动交流: public submit -> reply -> published masked answer; deadlines; hostile input."""

import time
from datetime import date

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from gongkai.core.public_guards import issue_form_token
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.interaction import selectors, services
from gongkai.interaction.models import Letter, LetterStatus

from .factories import create_channel

FORM_URL = reverse("hudong:form")
STATUS_URL = reverse("hudong:status")
LIST_URL = reverse("hudong:list")


class InteractionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_page(title="示例区人民政府")
        cls.office = create_organisation(
            name="示例区人民政府办公室", root_page=cls.home
        )
        cls.education = create_organisation(name="示例区教育局", parent=cls.office)
        cls.consult = create_channel("consult", days=5)

    def setUp(self):
        cache.clear()

    def data(self, **overrides):
        data = {
            "channel": str(self.consult.pk),
            # A form shown a minute ago: past the minimum fill time.
            "form_token": issue_form_token(now=time.time() - 60)[0],
            "organisation": str(self.education.pk),
            "name": "张三丰",
            "phone": "13812345678",
            "email": "zhang@example.com",
            "subject": "入学咨询",
            "body": "孩子明年入学，我的电话13912345678，身份证330702199001011234。",
            "wants_public": "on",
        }
        data.update(overrides)
        return data

    def test_submit_reply_publish_masked(self):
        response = self.client.post(FORM_URL, self.data())
        self.assertEqual(response.status_code, 200)
        letter = Letter.objects.get()
        self.assertContains(response, letter.display_code)
        # Encrypted at rest: the clear phone is not in the stored column.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT phone FROM interaction_letter")
            self.assertNotIn("13812345678", cursor.fetchone()[0])
        # Not public before the reply.
        self.assertEqual(
            self.client.get(reverse("hudong:detail", args=[letter.pk])).status_code, 404
        )
        services.reply_to_letter(
            letter,
            reply="请于5月登记。",
            public_body=letter.public_body,
            publish=True,
            today=date(2025, 5, 6),
        )
        detail = self.client.get(reverse("hudong:detail", args=[letter.pk]))
        self.assertEqual(detail.status_code, 200)
        html = detail.content.decode()
        self.assertIn("请于5月登记。", html)
        self.assertIn("张**", html)
        for secret in ("张三丰", "13912345678", "330702199001011234", "13812345678"):
            self.assertNotIn(secret, html)
        self.assertIn("139****5678", html)
        self.assertContains(self.client.get(LIST_URL), "入学咨询")
        # Status page with code + phone tail shows the reply.
        status = self.client.post(
            STATUS_URL, {"code": letter.display_code, "phone_tail": "5678"}
        )
        self.assertContains(status, "请于5月登记。")
        wrong = self.client.post(
            STATUS_URL, {"code": letter.display_code, "phone_tail": "0000"}
        )
        self.assertEqual(wrong.status_code, 404)
        self.assertNotContains(wrong, "请于5月登记。", status_code=404)

    def test_private_letter_never_published(self):
        self.client.post(FORM_URL, self.data(wants_public=""))
        letter = Letter.objects.get()
        services.reply_to_letter(
            letter, reply="答复", public_body="x", publish=True, today=date(2025, 5, 6)
        )
        self.assertFalse(Letter.objects.get().is_published)
        self.assertEqual(
            self.client.get(reverse("hudong:detail", args=[letter.pk])).status_code, 404
        )

    def test_deadline_over_national_day_and_adjusted_weekend(self):
        # Fri 2025-09-26; Sun 9-28 is a 调休 working day, 10-1..10-8 holiday.
        self.assertEqual(services.due_date(5, date(2025, 9, 26)), date(2025, 10, 10))
        self.assertEqual(services.due_date(1, date(2025, 9, 26)), date(2025, 9, 28))

    def test_overdue_statistics_and_silence(self):
        self.client.post(FORM_URL, self.data())
        letter = Letter.objects.get()
        today = date(2030, 1, 1)
        qs = selectors.letters_for_organisations([self.education.pk])
        self.assertEqual(list(selectors.overdue(qs, today)), [letter])
        self.assertEqual(
            selectors.letters_for_organisations([self.office.pk]).count(), 0
        )
        [row] = selectors.statistics(qs, today)
        self.assertEqual((row["received"], row["replied"], row["overdue"]), (1, 0, 1))
        self.assertIn("政务咨询", selectors.silent_kinds(today))
        services.transfer_letter(letter, self.office)
        self.assertEqual(
            selectors.letters_for_organisations([self.office.pk]).count(), 1
        )

    def test_hostile_input_is_4xx_and_keeps_text(self):
        for bad in (
            {"organisation": "99999"},
            {"organisation": "../../etc"},
            {"phone": "123"},
            {"channel": "<script>"},
            {"channel": "99999"},
            {"body": "x" * 6000},
            {"subject": "标题\x00"},
            {"email": "not-an-email"},
        ):
            response = self.client.post(FORM_URL, self.data(**bad))
            self.assertEqual(response.status_code, 400, bad)
            kept = "入学咨询" if "subject" not in bad else "孩子明年入学"
            self.assertContains(response, kept, status_code=400)
        self.assertEqual(Letter.objects.count(), 0)
        for path in (
            "/hudong/abc/",
            "/hudong/%2e%2e%2fetc/",
            "/hudong/99999999999999999999/",
        ):
            self.assertEqual(self.client.get(path).status_code, 404, path)
        self.assertEqual(self.client.get(LIST_URL + "?page=x").status_code, 404)
        self.assertEqual(self.client.get(LIST_URL + "?page=999").status_code, 404)
        self.assertEqual(
            self.client.post(
                STATUS_URL, {"code": "'; drop", "phone_tail": "ab"}
            ).status_code,
            400,
        )
        self.assertEqual(self.client.put(FORM_URL).status_code, 405)

    @override_settings(GONGKAI_INTERACTION_SUBMIT_RATE="1/h")
    def test_rate_limit(self):
        self.assertEqual(self.client.post(FORM_URL, self.data()).status_code, 200)
        response = self.client.post(FORM_URL, self.data(subject="第二封"))
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "第二封", status_code=429)
        self.assertEqual(Letter.objects.count(), 1)

    def test_csrf_enforced(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        self.assertEqual(client.post(FORM_URL, self.data()).status_code, 403)
        self.assertEqual(
            Letter.objects.get_queryset().filter(status=LetterStatus.RECEIVED).count(),
            0,
        )
