"""Task backends for Django's task framework (django-tasks)."""

import logging
import queue
import threading
from functools import partial
from typing import Any

from django import db
from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)


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
        transaction.on_commit(partial(self._dispatch, task_result), robust=True)
        return task_result

    def _dispatch(self, task_result: TaskResult[Any]) -> None:
        if _run_in_background:
            _background_queue().put(partial(_run_and_close, self, task_result))
        else:
            self._execute_task(task_result)


class BackgroundOnCommitBackend(ImmediateOnCommitBackend):
    """Like ImmediateOnCommitBackend, but the task always runs in one background thread
    of this process, in enqueue order: the request returns without waiting for it.

    For a single long-lived process; `gongkai serve` switches the immediate backend to
    the same behaviour with run_tasks_in_background(). Production uses the database
    worker. Tasks still queued when the process exits are lost.
    """

    def _dispatch(self, task_result: TaskResult[Any]) -> None:
        _background_queue().put(partial(_run_and_close, self, task_result))


def run_tasks_in_background() -> None:
    """From now on, this process runs on-commit tasks in a background thread (the demo
    server: an editor's publish returns before its pages are rendered)."""
    global _run_in_background  # a process-wide switch, set once at start-up
    _run_in_background = True


def _run_and_close(
    backend: ImmediateOnCommitBackend, task_result: TaskResult[Any]
) -> None:
    try:
        backend._execute_task(task_result)
    finally:
        db.close_old_connections()


_run_in_background = False
_queue: "queue.Queue[Any] | None" = None
_queue_lock = threading.Lock()


def _background_queue() -> "queue.Queue[Any]":
    global _queue
    with _queue_lock:
        if _queue is None:
            _queue = queue.Queue()
            threading.Thread(
                target=_work, args=(_queue,), name="gongkai-tasks", daemon=True
            ).start()
        return _queue


def _work(jobs: "queue.Queue[Any]") -> None:
    while True:
        job = jobs.get()
        try:
            job()
        except (
            Exception
        ):  # the task's own failure is recorded on its result; keep serving
            logger.exception("background task crashed")
        finally:
            jobs.task_done()


def wait_for_background_tasks() -> None:
    """Block until every queued background task has run (tests, `gongkai publish`)."""
    if _queue is not None:
        _queue.join()
