"""Settings of the worker process that tests/test_two_servers.py starts: the running
test's database (named by the test), the database task queue as in production, and
the publish root from the environment (the test settings fix their own)."""

import os
from pathlib import Path

from gongkai.settings.test import *  # noqa: F403
from gongkai.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["GONGKAI_TEST_WORKER_DATABASE"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
GONGKAI_PUBLISH_ROOT = Path(os.environ["GONGKAI_PUBLISH_ROOT"])
