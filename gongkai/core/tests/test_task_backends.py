import threading

from django.db import transaction
from django.test import TransactionTestCase, override_settings
from django_tasks import task

from gongkai.core.task_backends import wait_for_background_tasks
from gongkai.stats.models import ViewCount

CALLS: list[int] = []


@task()
def record_call(value: int) -> int:
    CALLS.append(value)
    return value


class ImmediateOnCommitBackendTests(TransactionTestCase):
    def setUp(self):
        CALLS.clear()

    def test_runs_after_the_transaction_commits(self):
        """A task enqueued in a transaction runs only once it has committed."""
        with transaction.atomic():
            result = record_call.enqueue(1)
            self.assertEqual(CALLS, [])
            ViewCount.objects.create(page_id=1)
        self.assertEqual(CALLS, [1])
        self.assertEqual(result.status, "SUCCESSFUL")

    def test_never_runs_for_a_rolled_back_transaction(self):
        """A rolled-back transaction leaves its tasks unrun."""
        try:
            with transaction.atomic():
                record_call.enqueue(2)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
        self.assertEqual(CALLS, [])

    def test_runs_at_once_outside_a_transaction(self):
        """Without a transaction the task runs immediately, like the stock backend."""
        record_call.enqueue(3)
        self.assertEqual(CALLS, [3])


THREADS: list[str] = []


@task()
def record_thread() -> None:
    THREADS.append(threading.current_thread().name)


@override_settings(
    TASKS={
        "default": {"BACKEND": "gongkai.core.task_backends.BackgroundOnCommitBackend"}
    }
)
class BackgroundOnCommitBackendTests(TransactionTestCase):
    def setUp(self):
        CALLS.clear()

    def test_runs_in_a_background_thread_after_commit(self):
        """The enqueuing thread does not run the task; it runs after commit, elsewhere."""
        THREADS.clear()
        with transaction.atomic():
            record_call.enqueue(2)
            record_thread.enqueue()
            ViewCount.objects.create(page_id=2)
        wait_for_background_tasks()
        self.assertEqual(CALLS, [2])
        self.assertEqual(THREADS, ["gongkai-tasks"])

    def test_never_runs_for_a_rolled_back_transaction(self):
        with self.assertRaises(RuntimeError), transaction.atomic():
            record_call.enqueue(3)
            raise RuntimeError
        wait_for_background_tasks()
        self.assertEqual(CALLS, [])
