"""Task backends for Django's task framework (django-tasks)."""

from functools import partial
from typing import Any

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


class ImmediateOnCommitBackend(ImmediateBackend):
    """Run each task in-process right after the enqueuing transaction commits.

    Why not the stock ImmediateBackend: Wagtail (modelsearch) enqueues search-index
    updates from post_save, inside the editor's transaction. Run there, concurrent
    saves deadlock on PostgreSQL over shared index rows, and a rolled-back save would
    already be indexed. Django 6's task framework defers to commit; django-tasks 0.12
    cannot, so this backend does. Outside a transaction the task runs at once.
    """

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        task_result: TaskResult[Any] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(partial(self._execute_task, task_result), robust=True)
        return task_result
