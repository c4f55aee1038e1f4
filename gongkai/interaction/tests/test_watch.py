"""The 3-month watch (互动回应差) at its thresholds."""

from datetime import date

from django.contrib.auth.models import Permission, User
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone

from gongkai.core.tests.factories import create_organisation
from gongkai.interaction import selectors, services
from gongkai.interaction.models import InteractionOfficer, Letter
from gongkai.interaction.watch import months_before, unanswered_too_long

from .factories import create_channel, create_letter


class WatchRuleTests(SimpleTestCase):
    def test_months_before_clamps_to_the_month_end(self):
        self.assertEqual(months_before(date(2025, 5, 31), 3), date(2025, 2, 28))
        self.assertEqual(months_before(date(2024, 5, 31), 3), date(2024, 2, 29))
        self.assertEqual(months_before(date(2025, 2, 15), 3), date(2024, 11, 15))

    def test_unanswered_exactly_three_months_is_not_yet_late(self):
        received = date(2025, 1, 15)
        self.assertFalse(unanswered_too_long(received, None, date(2025, 4, 15)))
        self.assertTrue(unanswered_too_long(received, None, date(2025, 4, 16)))

    def test_answered_late_counts_for_a_year(self):
        received = date(2025, 1, 15)
        self.assertFalse(
            unanswered_too_long(received, date(2025, 4, 15), date(2025, 6, 1))
        )
        self.assertTrue(
            unanswered_too_long(received, date(2025, 4, 16), date(2025, 6, 1))
        )
        # Received more than a year before today: out of the inspection's window.
        self.assertTrue(
            unanswered_too_long(received, date(2025, 4, 16), date(2026, 1, 14))
        )
        self.assertFalse(
            unanswered_too_long(received, date(2025, 4, 16), date(2026, 1, 15))
        )


class WatchQueueTests(TestCase):
    def test_queue_warns_of_the_late_consultation_only(self):
        education = create_organisation(name="示例区教育局")
        user = User.objects.create_user("education-hudong", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        InteractionOfficer.objects.create(user=user, organisation=education)
        late = create_letter(
            create_channel("consult"), education, today=date(2025, 1, 15)
        )
        # 领导信箱 is not a 政务咨询 column: not watched.
        create_letter(create_channel("mailbox"), education, today=date(2025, 1, 15))
        qs = Letter.objects.all()
        self.assertEqual(selectors.long_unanswered(qs, date(2025, 4, 15)), [])
        self.assertEqual(selectors.long_unanswered(qs, date(2025, 4, 16)), [late])
        services.reply_to_letter(
            late, reply="答复", public_body="x", publish=False, today=date(2025, 3, 1)
        )
        self.assertEqual(selectors.long_unanswered(qs, date(2025, 4, 16)), [])
        Letter.objects.filter(pk=late.pk).update(
            status="received", replied_on=None, received_on=date(2020, 1, 1)
        )
        self.client.force_login(user)
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertNotContains(queue, "超过3个月未答复")
        Letter.objects.filter(pk=late.pk).update(
            received_on=months_before(timezone.localdate(), 4)
        )
        queue = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertContains(queue, "1 件政务咨询留言超过3个月未答复")
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, '<strong class="hudong-late">1</strong>')
