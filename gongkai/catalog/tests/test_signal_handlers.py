from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from gongkai.catalog.models import DisclosurePage, IndexNumber
from gongkai.catalog.tests.factories import create_article, publish
from gongkai.core.tests.factories import create_column, create_organisation

SHANGHAI = ZoneInfo("Asia/Shanghai")


class IssueIndexNumberOnFirstPublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.column = create_column()
        cls.organisation = create_organisation()

    def test_drafts_have_no_number(self):
        """Saving a draft revision issues nothing: numbers are for published items."""
        page = create_article(column=self.column, publisher=self.organisation)
        page.save_revision()
        page.refresh_from_db()
        self.assertIsNone(page.index_number)
        self.assertFalse(IndexNumber.objects.exists())

    def test_first_publish_fills_publication_time_and_issues_a_number(self):
        """With 发布时间 left empty, it becomes the first-publish time and gives the year."""
        page = publish(create_article(column=self.column, publisher=self.organisation))
        self.assertEqual(page.published_at, page.first_published_at)
        year = timezone.localdate(page.first_published_at).year
        self.assertEqual(page.index_number, f"{self.organisation.code}/{year}-00001")

    def test_republishing_does_not_issue_again(self):
        """Publishing new revisions, or after unpublishing, keeps the one number."""
        page = publish(create_article(column=self.column, publisher=self.organisation))
        number = page.index_number
        page.title = "修改后的标题"
        page = publish(page)
        page.unpublish()
        page = publish(DisclosurePage.objects.get(pk=page.pk).specific)
        self.assertEqual(page.index_number, number)
        self.assertEqual(IndexNumber.objects.count(), 1)

    def test_scheduled_item_is_numbered_when_it_goes_live(self):
        """An item scheduled into next year is numbered when it goes live, in that year."""
        go_live_at = datetime(
            timezone.localdate().year + 1, 1, 2, 9, 0, tzinfo=SHANGHAI
        )
        page = create_article(
            column=self.column, publisher=self.organisation, go_live_at=go_live_at
        )
        page.save_revision().publish()
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertIsNone(page.index_number)
        self.assertFalse(IndexNumber.objects.exists())

        with mock.patch(
            "django.utils.timezone.now", return_value=go_live_at + timedelta(minutes=5)
        ):
            call_command("publish_scheduled")

        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.published_at, page.first_published_at)
        self.assertEqual(
            page.index_number, f"{self.organisation.code}/{go_live_at.year}-00001"
        )

    def test_other_pages_are_ignored(self):
        """Publishing a column, which carries no disclosure metadata, issues nothing."""
        column = create_column(parent=self.column.get_parent())
        column.save_revision().publish()
        self.assertFalse(IndexNumber.objects.exists())
