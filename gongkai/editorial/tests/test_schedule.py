"""Scheduled go-live and expiry are applied by the worker's schedule code, no cron needed."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import create_article, publish

from ..schedule import run_schedule_once


class ScheduleTests(TestCase):
    def test_a_scheduled_revision_goes_live_when_due(self):
        page = create_article(title="定时发布的通知")
        go_live = timezone.now() + timedelta(hours=1)
        page.go_live_at = go_live
        page.save_revision(approved_go_live_at=go_live)
        run_schedule_once()
        self.assertFalse(ArticlePage.objects.get(pk=page.pk).live)
        with self.settings(), self._clock(go_live + timedelta(seconds=1)):
            run_schedule_once()
        page = ArticlePage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertTrue(page.index_number)

    def test_an_item_expires_when_due(self):
        page = publish(create_article())
        ArticlePage.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - timedelta(minutes=1)
        )
        run_schedule_once()
        page = ArticlePage.objects.get(pk=page.pk)
        self.assertFalse(page.live)
        self.assertTrue(page.expired)

    def test_a_refused_item_leaves_the_schedule_and_does_not_block_the_others(self):
        """A policy document that fails the 三同步 rule at go-live is unscheduled and logged."""
        from wagtail.models import PageLogEntry, Revision

        from gongkai.catalog.policy import PolicyDocumentPage
        from gongkai.core.tests.factories import create_column, create_organisation

        column = create_column(requires_interpretation=True)
        policy = column.add_child(
            instance=PolicyDocumentPage(
                title="未解读的政策文件",
                slug="policy",
                publisher=create_organisation(),
                live=False,
            )
        )
        due = timezone.now() - timedelta(minutes=2)
        refused = policy.save_revision(approved_go_live_at=due)
        other = create_article()
        other.save_revision(approved_go_live_at=due + timedelta(minutes=1))
        run = run_schedule_once()
        self.assertEqual((run.published, len(run.refused)), (1, 1))
        self.assertTrue(ArticlePage.objects.get(pk=other.pk).live)
        self.assertFalse(PolicyDocumentPage.objects.get(pk=policy.pk).live)
        self.assertIsNone(Revision.objects.get(pk=refused.pk).approved_go_live_at)
        entry = PageLogEntry.objects.get(page=policy, action="gongkai.schedule.refused")
        self.assertIn("同步发布", entry.data["reason"])

    def test_worker_once_runs_the_schedule(self):
        page = create_article()
        page.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
        out = StringIO()
        call_command("worker", "--once", stdout=out)
        self.assertTrue(ArticlePage.objects.get(pk=page.pk).live)
        self.assertIn("定时发布 1 条", out.getvalue())

    def test_worker_rejects_a_bad_interval(self):
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "--interval 必须大于0秒。"):
            call_command("worker", "--interval", "0")

    @staticmethod
    def _clock(moment):
        from unittest import mock

        return mock.patch("django.utils.timezone.now", return_value=moment)


class ScheduleThreadTests(TestCase):
    def test_the_thread_runs_the_schedule_and_stops(self):
        import threading
        from unittest import mock

        from .. import schedule

        ran = threading.Event()
        with (
            mock.patch.object(
                schedule, "run_schedule_once", side_effect=lambda: ran.set()
            ),
            mock.patch.object(schedule, "close_old_connections"),
        ):
            thread = schedule.start_schedule_thread(interval=0.01)
            self.assertIs(schedule.start_schedule_thread(), thread)  # once per process
            self.assertTrue(ran.wait(5))
            thread.stop_event.set()
            thread.join(5)
        self.assertFalse(thread.is_alive())


class WorkerCommandTests(TestCase):
    def test_with_the_database_queue_it_runs_the_task_worker_and_the_schedule(self):
        from unittest import mock

        from django.test import override_settings

        from ..management.commands import worker

        with (
            override_settings(
                TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
            ),
            mock.patch.object(worker, "call_command") as call,
            mock.patch.object(worker, "run_schedule_loop") as loop,
        ):
            call_command("worker", stdout=StringIO())
        call.assert_called_once_with("db_worker")
        self.assertEqual(
            loop.call_count, 1
        )  # in its own thread, stopped after the worker

    def test_without_a_queue_it_runs_only_the_schedule(self):
        from unittest import mock

        from ..management.commands import worker

        with (
            mock.patch.object(worker, "call_command") as call,
            mock.patch.object(worker, "run_schedule_loop") as loop,
        ):
            call_command("worker", "--interval", "5", stdout=StringIO())
        call.assert_not_called()
        self.assertEqual(loop.call_args.kwargs["interval"], 5.0)
