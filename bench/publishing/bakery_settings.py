"""Settings to run wagtail-bakery (installed in a scratch venv, added to sys.path by
bench_bakery.py) against the same database: the baseline of bench_publish.py."""

import os

from gongkai.settings.dev import *  # noqa: F403
from gongkai.settings.dev import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bakery", "wagtailbakery"]
BUILD_DIR = os.environ.get("GONGKAI_BAKERY_BUILD_DIR", "/tmp/gk-pub-bakery-build")
BAKERY_VIEWS = ("wagtailbakery.views.AllPublishedPagesView",)
BAKERY_MULTISITE = False
TASKS = {"default": {"BACKEND": "gongkai.core.task_backends.ImmediateOnCommitBackend"}}
