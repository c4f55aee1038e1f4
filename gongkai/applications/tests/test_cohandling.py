"""协办 (Art. 34): the lead office consults another organisation of the platform, whose
office answers in the platform within 15 working days; silence is consent. The days are
excluded from the reply clock by the consultation pause (no second clock)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.enums import ConsultationKind, EventKind
from gongkai.applications.models import Consultation
from gongkai.applications.tests.factories import create_officer, register
from gongkai.core.tests.factories import create_organisation

RECEIVED = date(2025, 11, 3)  # Monday; due 20 working days later: 2025-12-01
STARTED = date(2025, 11, 4)  # the consulted office answers by 2025-11-25 (15th day)


class CohandlingTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = create_organisation(name="示例区住房和城乡建设局")
        cls.consulted = create_organisation(name="示例区自然资源局")
        cls.third = create_organisation(name="示例区民政局")
        cls.lead_officer = create_officer(cls.lead)
        cls.consulted_officer = create_officer(cls.consulted)
        cls.outsider = create_officer(cls.third)

    def setUp(self):
        self.application = register(
            self.lead, self.lead_officer, received_on=RECEIVED, applicant_name="赵六"
        )
        self.assertEqual(self.application.due_on, date(2025, 12, 1))

    def consult(self, **kwargs):
        kwargs.setdefault("kind", ConsultationKind.AGENCY)
        kwargs.setdefault("party", "")
        kwargs.setdefault("organisation", self.consulted)
        return services.start_consultation(
            application=self.application,
            acting_user=self.lead_officer,
            started_on=STARTED,
            **kwargs,
        )

    def answer(self, consultation, on, user=None):
        return services.answer_cohandling(
            consultation=consultation,
            acting_user=user or self.consulted_officer,
            opinion="同意公开。",
            answered_on=on,
        )

    def due_on(self):
        self.application.refresh_from_db()
        return self.application.due_on


class CohandlingClockTests(CohandlingTestCase):
    def test_an_answer_on_the_15th_working_day_is_taken_and_15_days_excluded(self):
        consultation = self.consult()
        self.assertEqual(consultation.party, "示例区自然资源局")
        self.assertEqual(consultation.reply_due_on, date(2025, 11, 25))
        self.answer(consultation, date(2025, 11, 25))
        consultation.refresh_from_db()
        self.assertEqual(consultation.finished_on, date(2025, 11, 25))
        self.assertEqual(self.due_on(), date(2025, 12, 22))
        event = self.application.events.get(kind=EventKind.CONSULTATION_FINISHED)
        self.assertEqual(event.actor, self.consulted_officer)

    def test_an_answer_on_the_16th_working_day_is_refused_silence_is_consent(self):
        consultation = self.consult()
        with self.assertRaisesMessage(services.ApplicationError, "视为同意"):
            self.answer(consultation, date(2025, 11, 26))
        consultation.refresh_from_db()
        self.assertTrue(consultation.is_open)
        # The pause stops at the 15th working day: the same 15 days, not 16.
        services.refresh_due_on(self.application)
        self.assertEqual(self.due_on(), date(2025, 12, 22))

    def test_an_early_answer_excludes_only_the_days_spent(self):
        self.answer(self.consult(), date(2025, 11, 14))  # 8th working day
        self.assertEqual(self.due_on(), date(2025, 12, 11))

    def test_only_the_consulted_office_answers_once(self):
        consultation = self.consult()
        for user in (self.lead_officer, self.outsider):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                self.answer(consultation, date(2025, 11, 10), user=user)
        self.answer(consultation, date(2025, 11, 10))
        with self.assertRaisesMessage(services.ApplicationError, "已经结束"):
            self.answer(consultation, date(2025, 11, 11))

    def test_the_lead_cannot_consult_itself_or_name_a_platform_third_party(self):
        with self.assertRaisesMessage(services.ApplicationError, "不能向本机关"):
            self.consult(organisation=self.lead)
        with self.assertRaisesMessage(services.ApplicationError, "第三十四条"):
            self.consult(kind=ConsultationKind.THIRD_PARTY)
        self.assertFalse(Consultation.objects.exists())


class CohandlingViewTests(CohandlingTestCase):
    def test_the_consulted_office_sees_and_answers_it_in_the_admin(self):
        self.client.force_login(self.lead_officer)
        response = self.client.post(
            reverse(
                "gongkai_applications:action", args=[self.application.pk, "consult"]
            ),
            {
                "kind": "agency",
                "organisation": self.consulted.pk,
                "party": "",
                "started_on": "2025-11-04",
            },
        )
        self.assertEqual(response.status_code, 302)
        consultation = Consultation.objects.get()
        url = reverse("gongkai_applications:cohandling", args=[consultation.pk])

        self.client.force_login(self.consulted_officer)
        listing = self.client.get(reverse("gongkai_applications:index"))
        self.assertContains(listing, "待本机关答复的征求意见")
        self.assertContains(listing, url)
        page = self.client.get(url)
        self.assertContains(page, self.application.title)
        self.assertContains(page, "2025-11-25")
        for private in ("赵六", "138", self.application.display_tracking_code):
            self.assertNotContains(page, private)
        detail = reverse("gongkai_applications:detail", args=[self.application.pk])
        self.assertEqual(self.client.get(detail).status_code, 404)
        late = self.client.post(url, {"opinion": "同意。", "answered_on": "2025-11-26"})
        self.assertContains(late, "视为同意")
        self.assertContains(late, "同意。")  # the typed opinion is kept
        response = self.client.post(
            url, {"opinion": "同意公开。", "answered_on": "2025-11-25"}
        )
        self.assertRedirects(
            response,
            reverse("gongkai_applications:index"),
            fetch_redirect_response=False,
        )
        self.assertEqual(self.due_on(), date(2025, 12, 22))
        self.assertNotContains(
            self.client.get(reverse("gongkai_applications:index")), url
        )

    def test_other_offices_and_guessed_ids_get_404(self):
        consultation = self.consult()
        third_party = services.start_consultation(
            application=self.application,
            acting_user=self.lead_officer,
            kind=ConsultationKind.THIRD_PARTY,
            party="某公司",
            started_on=STARTED,
        )
        for user in (self.lead_officer, self.outsider):
            self.client.force_login(user)
            for pk in (consultation.pk, third_party.pk, 987654):
                url = reverse("gongkai_applications:cohandling", args=[pk])
                with self.subTest(user=user, pk=pk):
                    self.assertEqual(self.client.get(url).status_code, 404)
                    response = self.client.post(
                        url, {"opinion": "x", "answered_on": "2025-11-10"}
                    )
                    self.assertEqual(response.status_code, 404)
        consultation.refresh_from_db()
        self.assertTrue(consultation.is_open)
