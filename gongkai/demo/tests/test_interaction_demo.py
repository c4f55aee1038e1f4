"""The 互动交流 demo: its two accounts log in and see only their own organisation's letters."""

from django.test import TestCase
from django.urls import reverse

from gongkai.demo.editorial import DEFAULT_DEPARTMENT_PASSWORD
from gongkai.demo.interaction import ensure_interaction_demo
from gongkai.demo.organisations import ensure_organisations
from gongkai.interaction.models import (
    Channel,
    InteractionOfficer,
    Letter,
    Solicitation,
)


class InteractionDemoTests(TestCase):
    def test_accounts_and_letters(self):
        organisations = ensure_organisations()
        self.assertEqual(
            ensure_interaction_demo(organisations=organisations),
            ["education-hudong", "office-hudong"],
        )
        ensure_interaction_demo(organisations=organisations)  # idempotent
        self.assertEqual(Letter.objects.count(), 3)
        mayor = Channel.objects.get(name="区长信箱")
        self.assertEqual(mayor.organisation, organisations["office"])
        self.assertTrue(
            InteractionOfficer.objects.get(user__username="office-hudong").supervises
        )
        self.assertEqual(Solicitation.objects.count(), 2)
        self.assertTrue(
            self.client.login(
                username="education-hudong", password=DEFAULT_DEPARTMENT_PASSWORD
            )
        )
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertContains(queue, "小学入学")
        self.assertNotContains(queue, "公交线路")
        published = self.client.get(reverse("hudong:list"))
        self.assertContains(published, "小学入学")
        self.assertContains(published, "公交线路")
        solicitations = self.client.get(reverse("hudong:solicitations"))
        self.assertContains(solicitations, "征集中")
