"""The last guard (publish_guards.refuse_unconfirmed_publish): scheduled go-live and code
calling `revision.publish()` do not make a revision with an unconfirmed 严重错别字 live.

Each test fails with the guard disconnected (apps.py): the misspelt revision goes live."""

from datetime import timedelta
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import create_article
from gongkai.core.tests.factories import create_home_page
from gongkai.editorial.enums import Role
from gongkai.editorial.schedule import run_schedule_once
from gongkai.editorial.tests.factories import create_department

from ..acknowledgements import acknowledge

MISSPELT = "学习习近乎总书记重要讲话精神"
FIXED = "学习习近平总书记重要讲话精神"
REASON = "未发布：稿件中有未确认的严重错别字“习近乎”（应为“习近平”），该版本未上线。"


class PublishGuardTests(TestCase):
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

    def live(self, page):
        return ArticlePage.objects.get(pk=page.pk)

    def schedule(self, page, *, minutes_ago=1):
        due = timezone.now() - timedelta(minutes=minutes_ago)
        page.go_live_at = due
        return page.save_revision(approved_go_live_at=due)

    def test_revision_publish_in_code_is_refused(self):
        page = self.article()
        revision = page.save_revision()
        with (
            self.assertRaisesMessage(ValidationError, REASON),
            self.assertLogs("gongkai.inspection.publish_guards", "WARNING") as logs,
        ):
            revision.publish()
        stored = self.live(page)
        self.assertEqual((stored.live, stored.live_revision_id), (False, None))
        self.assertIn(f"版本 {revision.pk}：{REASON}", logs.output[0])

    def test_a_live_page_keeps_its_live_revision(self):
        page = self.article(title=FIXED)
        page.save_revision().publish()
        first = self.live(page).live_revision_id
        page = self.live(page)
        page.title = MISSPELT
        with self.assertRaises(ValidationError):
            page.save_revision().publish()
        stored = self.live(page)
        self.assertEqual((stored.live_revision_id, stored.title), (first, FIXED))

    def test_a_confirmed_hit_publishes(self):
        page = self.article()
        revision = page.save_revision()
        acknowledge(self.final, page, revision, "习近乎")
        revision.publish()
        self.assertTrue(self.live(page).live)

    def test_a_fixed_text_publishes(self):
        page = self.article(title=FIXED)
        page.save_revision().publish()
        self.assertTrue(self.live(page).live)

    def test_the_schedule_refuses_records_and_goes_on(self):
        page = self.article()
        refused = self.schedule(page, minutes_ago=2)
        other = self.article(title=FIXED)
        self.schedule(other)
        run = run_schedule_once()
        self.assertEqual((run.published, len(run.refused), run.failed), (1, 1, []))
        self.assertIn("习近乎", run.refused[0])
        self.assertFalse(self.live(page).live)
        self.assertTrue(self.live(other).live)
        # Taken off the schedule; the reason is in the page's history (审核 history).
        self.assertIsNone(Revision.objects.get(pk=refused.pk).approved_go_live_at)
        entry = PageLogEntry.objects.get(page=page, action="gongkai.schedule.refused")
        self.assertIn(REASON, entry.data["reason"])

    def test_a_confirmed_scheduled_revision_goes_live(self):
        page = self.article()
        revision = self.schedule(page)
        acknowledge(self.final, page, revision, "习近乎")
        run = run_schedule_once()
        self.assertEqual((run.published, run.refused), (1, []))
        self.assertTrue(self.live(page).live)

    def test_worker_once_reports_the_refusal(self):
        page = self.article()
        self.schedule(page)
        out = StringIO()
        call_command("worker", "--once", stdout=out)
        self.assertIn("未通过发布规则 1 条", out.getvalue())
        self.assertIn(REASON, out.getvalue())
        self.assertFalse(self.live(page).live)

    def test_publish_scheduled_reports_the_refusal_and_publishes_the_rest(self):
        page = self.article()
        self.schedule(page, minutes_ago=2)
        other = self.article(title=FIXED)
        self.schedule(other)
        out, err = StringIO(), StringIO()
        call_command("publish_scheduled", stdout=out, stderr=err)
        self.assertIn(REASON, err.getvalue())
        self.assertIn("定时发布 1 条", out.getvalue())
        self.assertFalse(self.live(page).live)
        self.assertTrue(self.live(other).live)
