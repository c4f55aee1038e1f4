from datetime import date
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from gongkai.applications.enums import EventKind
from gongkai.applications.services.reminders import flag_due_applications as flag_due
from gongkai.applications.tasks import flag_due_applications
from gongkai.applications.tests.factories import (
    create_department,
    create_officer,
    register,
)

TODAY = date(2025, 10, 20)


class FlagDueApplicationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.officer = create_officer(cls.department)
        cls.soon = register(
            cls.department, cls.officer, received_on=date(2025, 9, 25)
        )  # 29 Oct
        cls.later = register(
            cls.department, cls.officer, received_on=date(2025, 10, 9)
        )  # 5 Nov
        cls.late = register(
            cls.department, cls.officer, received_on=date(2025, 9, 1)
        )  # 28 Sep

    def test_flags_due_soon_and_overdue_once_a_day_and_mails_the_handler(self):
        with self.captureOnCommitCallbacks(execute=True):
            result = flag_due(today=TODAY, within=7)
        self.assertEqual(
            (result.due_soon, result.overdue), ([self.soon.pk], [self.late.pk])
        )
        self.assertEqual(
            self.soon.events.filter(kind=EventKind.DUE_SOON_FLAGGED).count(), 1
        )
        self.assertEqual(
            self.late.events.filter(kind=EventKind.OVERDUE_FLAGGED).count(), 1
        )
        self.assertFalse(self.later.events.filter(kind__endswith="_flagged").exists())
        self.assertEqual([m.to for m in mail.outbox], [[self.officer.email]] * 2)
        again = flag_due(today=TODAY, within=7)
        self.assertEqual((again.due_soon, again.overdue), ([], []))

    def test_dry_run_writes_nothing(self):
        result = flag_due(today=TODAY, within=7, dry_run=True)
        self.assertEqual(result.due_soon, [self.soon.pk])
        self.assertFalse(
            self.soon.events.filter(kind=EventKind.DUE_SOON_FLAGGED).exists()
        )

    def test_task_and_command(self):
        """The django-tasks task runs on the configured backend; the command calls it."""
        # The backend runs tasks when the enqueuing transaction commits.
        with (
            mock.patch(
                "gongkai.applications.tasks.timezone.localdate", return_value=TODAY
            ),
            self.captureOnCommitCallbacks(execute=True),
        ):
            result = flag_due_applications.enqueue(within=7)
        self.assertEqual(result.return_value["due_soon"], [self.soon.pk])
        out = StringIO()
        with mock.patch(
            "gongkai.applications.tasks.timezone.localdate", return_value=TODAY
        ):
            call_command("flag_due_applications", "--days", "20", stdout=out)
        # Only "later" is new: the others were flagged today already.
        self.assertIn("临近期限 1 件，已超期 0 件", out.getvalue())
