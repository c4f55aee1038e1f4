"""Mail to the site's 公开办 when a 单项否决 turns red (issue #17 item 4)."""

from django.core import mail
from django.test import override_settings

from gongkai.editorial.enums import Role
from gongkai.editorial.tests.factories import create_user

from ..models import RunFinding, RunTrigger
from ..runs import run_now
from .test_inspection import InspectionTestCase


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class VetoMailTests(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The department 公开办 of the fixture owns the site's home page here.
        cls.own.organisation.root_page = cls.home
        cls.own.organisation.save(update_fields=["root_page"])
        cls.office_user = create_user(
            organisation=cls.own.organisation,
            role=Role.DISCLOSURE_OFFICER,
            email="gkb@example.gov.cn",
        )
        # Holds another role of the same organisation, and the 公开办 of another one.
        create_user(
            organisation=cls.own.organisation, role=Role.EDITOR, email="ed@example.cn"
        )
        create_user(
            organisation=cls.other.organisation,
            role=Role.DISCLOSURE_OFFICER,
            email="other@example.cn",
        )

    def store_run(self):
        with self.captureOnCommitCallbacks(execute=True):
            return run_now(site=self.site, trigger=RunTrigger.SCHEDULE)

    def test_the_first_red_veto_mails_the_sites_office_only(self):
        run = self.store_run()
        self.assertGreater(run.veto_count, 0)  # the unconfirmed 习近乎 of the fixture
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["gkb@example.gov.cn"])
        self.assertIn("单项否决", message.subject)
        self.assertIn("严重错别字", message.body)
        self.assertIn("/admin/inspection/", message.body)

    def test_a_veto_that_stays_red_is_not_mailed_again(self):
        self.store_run()
        self.store_run()
        self.assertEqual(len(mail.outbox), 1)

    def test_red_again_after_a_green_run_is_mailed_again(self):
        self.store_run()
        green = self.store_run()
        # The run before the next one had no veto (as after a fix).
        RunFinding.objects.filter(run=green, severity="veto").delete()
        self.store_run()
        self.assertEqual(len(mail.outbox), 2)

    def test_no_office_address_sends_nothing_and_the_run_stands(self):
        self.office_user.email = ""
        self.office_user.save(update_fields=["email"])
        with self.assertLogs("gongkai.inspection.alerts", "WARNING"):
            run = self.store_run()
        self.assertTrue(run.failed)
        self.assertEqual(mail.outbox, [])
