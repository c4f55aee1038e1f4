"""Two servers, one database (issue 18): the admin server has no web root, the worker
has it. An editor's publish on the admin must reach the worker's files.

The worker is the real `gongkai worker` console script in its own process, with its
own GONGKAI_PUBLISH_ROOT, reading the database task queue of this test's database
(SQLite file or PostgreSQL); this process plays the admin server with an empty publish
root of its own.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from gongkai.publishing.models import PublishedSite
from gongkai.publishing.services import get_site_folder
from gongkai.publishing.tests.factories import add_item, build_small_site

REPOSITORY = Path(__file__).resolve().parents[1]
GONGKAI = Path(sys.executable).with_name("gongkai")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_WAIT = 180  # seconds: a deadline for a failure message, not a measurement


class AdminWithoutWebRootTests(TransactionTestCase):
    def setUp(self) -> None:
        build_small_site(self)
        self.worker_root = Path(tempfile.mkdtemp(prefix="gk-worker-root-"))
        self.admin_root = Path(tempfile.mkdtemp(prefix="gk-admin-root-"))
        for root in (self.worker_root, self.admin_root):
            self.addCleanup(shutil.rmtree, root, True)

    def _worker_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tests.worker_settings",
            PYTHONPATH=str(REPOSITORY),
            GONGKAI_PUBLISH_ROOT=str(self.worker_root),
            GONGKAI_TEST_WORKER_DATABASE=str(connection.settings_dict["NAME"]),
        )
        return env

    def _run_on_worker(self, *arguments: str) -> str:
        done = subprocess.run(  # noqa: S603
            [str(GONGKAI), *arguments],
            env=self._worker_env(),
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            timeout=WORKER_WAIT,
        )
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout + done.stderr

    def test_a_publish_on_the_admin_reaches_the_worker_files(self) -> None:
        # The operator's first full publish, on the worker machine.
        output = self._run_on_worker("publish", "--site", self.site.hostname)
        tree = self.worker_root / get_site_folder(self.site)
        self.assertTrue((tree / "zwgk/hy/item-0/index.html").is_file(), output)
        self.assertTrue(PublishedSite.objects.filter(site=self.site).exists())

        # The editor publishes on the admin server, which holds no web root.
        with override_settings(
            GONGKAI_PUBLISH_ROOT=self.admin_root, TASKS=DATABASE_QUEUE
        ):
            item = add_item(self.leaf, 9, publisher=self.publisher)
        self.assertEqual(list(self.admin_root.iterdir()), [])
        queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
        self.assertIn("gongkai.publishing.tasks.refresh_pages", queued)
        self.assertIn("gongkai.search.tasks.index_items", queued)
        new_file = tree / "zwgk/hy/item-9/index.html"
        self.assertFalse(new_file.exists())

        # The worker takes the task from the queue and writes into its own root.
        worker = subprocess.Popen(  # noqa: S603
            [str(GONGKAI), "worker"],
            env=self._worker_env(),
            cwd=REPOSITORY,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + WORKER_WAIT
            while not self._all_done() and time.monotonic() < deadline:
                if worker.poll() is not None:
                    break
                time.sleep(0.5)
        finally:
            worker.terminate()
            output = worker.communicate(timeout=60)[0].decode("utf-8", "replace")
        self.assertTrue(self._all_done(), output)
        self.assertIn(item.title, new_file.read_text(encoding="utf-8"))
        self.assertIn(item.title, (tree / "zwgk/hy/index.html").read_text("utf-8"))
        self.assertEqual(list(self.admin_root.iterdir()), [])

    @staticmethod
    def _all_done() -> bool:
        statuses = set(DBTaskResult.objects.values_list("status", flat=True))
        return statuses == {"SUCCESSFUL"}
