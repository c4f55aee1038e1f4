"""Test run: the database comes from DATABASE_URL (SQLite when unset)."""

from .base import *  # noqa: F403
from .base import DATA_DIR, DATABASES, INSTALLED_APPS

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = DATA_DIR / "test-media"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's shared-cache memory database: concurrency tests need real
    # file locking (busy timeout, WAL) across threads, as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
# Each test that publishes points this at its own temporary folder.
GONGKAI_PUBLISH_ROOT = DATA_DIR / "test-publish"
# Each test run its own memory cache, whatever GONGKAI_CACHE_URL says: the tests that
# are about Redis make their own clients on a private key prefix.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The database task queue's table, for the test that runs a worker process beside
# the test process (tests/test_two_servers.py); tasks still run in-process unless a
# test switches TASKS to it.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
# The search result cache off: many tests write index rows directly (no generation
# bump) and search again for the same words. Its own tests turn it on.
GONGKAI_SEARCH_CACHE_ENTRIES = 0
# No probe thread when a test sends worker_started; the probe's tests call it directly,
# with a short time limit against a local server.
GONGKAI_INSPECTION_PROBE = False
GONGKAI_INSPECTION_PROBE_TIMEOUT = 0.5
