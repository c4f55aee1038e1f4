"""A publish the guard refuses outside the editor (code calling `revision.publish()`, the
schedule) leaves a record the 公开办 sees: an entry 发布未执行 in the page's history,
written after the refused transaction rolled back, and a finding of the next run while the
page has not been published since."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone
from wagtail.models import PageLogEntry, Site

from gongkai.catalog.tests.factories import create_article
from gongkai.core.tests.factories import create_home_page
from gongkai.editorial.enums import Role
from gongkai.editorial.schedule import run_schedule_once
from gongkai.editorial.tests.factories import create_department

from .. import publish_guards
from ..acknowledgements import acknowledge
from ..models import RunTrigger
from ..runs import run_now
from ..services import inspect_site
from .test_publish_guard import FIXED, MISSPELT, REASON

REFUSED = publish_guards.REFUSED_ACTION


class RefusalRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department(parent=create_home_page())
        cls.final = cls.department.users[Role.FINAL_APPROVER]

    def article(self, title=MISSPELT):
        return create_article(
            column=self.department.column,
            publisher=self.department.organisation,
            title=title,
        )

    def schedule(self, page):
        due = timezone.now() - timedelta(minutes=1)
        page.go_live_at = due
        return page.save_revision(approved_go_live_at=due)

    def setUp(self):
        publish_guards._pending.clear()  # another test's refusals are not this one's

    def site(self):
        return Site.objects.get(is_default_site=True)

    def refusals(self, report):
        return [f for f in report.findings if f.check == "publish_refused"]

    def refuse_in_code(self, page):
        revision = page.save_revision()
        with (
            self.assertRaises(ValidationError),
            self.assertLogs("gongkai.inspection.publish_guards", "WARNING"),
        ):
            revision.publish()
        return revision

    def test_a_refused_publish_in_code_is_written_to_the_history_after_the_rollback(
        self,
    ):
        page = self.article()
        revision = self.refuse_in_code(page)
        # The refused save's transaction took nothing with it but the publish.
        self.assertFalse(
            PageLogEntry.objects.filter(page=page, action=REFUSED).exists()
        )
        self.assertEqual(publish_guards.flush_refusals(), 1)
        entry = PageLogEntry.objects.get(page=page, action=REFUSED)
        self.assertIn(REASON, entry.data["reason"])
        self.assertEqual(entry.revision_id, revision.pk)
        self.assertEqual(publish_guards.flush_refusals(), 0)  # written once

    def test_the_next_run_lists_it_until_the_page_is_published(self):
        page = self.article()
        revision = self.refuse_in_code(page)
        publish_guards.flush_refusals()
        [finding] = self.refusals(inspect_site(site=self.site()))
        self.assertEqual(finding.page_id, page.pk)
        self.assertEqual(str(finding.severity), "notice")
        self.assertIn("程序直接发布", finding.message)
        self.assertIn(REASON, finding.message)
        stored = run_now(site=self.site(), trigger=RunTrigger.COMMAND)
        self.assertTrue(stored.findings.filter(check_code="publish_refused").exists())
        acknowledge(self.final, page, revision, "习近乎")
        revision.publish()
        self.assertEqual(self.refusals(inspect_site(site=self.site())), [])

    def test_the_end_of_a_request_writes_it(self):
        page = self.article()
        self.refuse_in_code(page)
        self.client.get("/admin/login/")  # request_finished
        self.assertTrue(PageLogEntry.objects.filter(page=page, action=REFUSED).exists())

    def test_a_refused_go_live_is_recorded_once_by_the_schedule(self):
        page = self.article()
        self.schedule(page)
        with self.assertLogs("gongkai.inspection.publish_guards", "WARNING"):
            run_schedule_once()
        self.assertEqual(publish_guards.flush_refusals(), 0)
        self.assertFalse(
            PageLogEntry.objects.filter(page=page, action=REFUSED).exists()
        )
        [finding] = self.refusals(inspect_site(site=self.site()))
        self.assertIn("定时发布", finding.message)

    def test_a_refusal_whose_revision_went_live_meanwhile_is_dropped(self):
        page = self.article()
        revision = self.refuse_in_code(page)
        acknowledge(self.final, page, revision, "习近乎")
        revision.publish()
        self.assertEqual(publish_guards.flush_refusals(), 0)

    def test_a_page_published_without_refusal_has_no_finding(self):
        self.article(title=FIXED).save_revision().publish()
        self.assertEqual(publish_guards.flush_refusals(), 0)
        self.assertEqual(self.refusals(inspect_site(site=self.site())), [])

    def test_a_refusal_of_another_database_is_not_written(self):
        # A test run's refusals flushed at exit, when the connection names the real
        # database again, must not land there.
        page = self.article()
        revision = self.refuse_in_code(page)
        [mine] = publish_guards._pending
        publish_guards._pending[:] = [
            publish_guards.Refusal(page.pk, revision.pk, REASON, mine.at, "other.db")
        ]
        self.assertEqual(publish_guards.flush_refusals(), 0)
