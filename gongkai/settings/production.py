"""Production: hardened; refuses to start without the settings that must be given."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("GONGKAI_SECRET_KEY must be set in production.")
if "GONGKAI_ALLOWED_HOSTS" not in os.environ:
    raise ImproperlyConfigured("GONGKAI_ALLOWED_HOSTS must be set in production.")

DEBUG = False
# Many processes: a per-process cache would let the abuse limits leak (system check
# gongkai_core.W001 warns when GONGKAI_CACHE_URL is not set).
GONGKAI_SHARED_CACHE_REQUIRED = True
SESSION_COOKIE_SECURE = os.environ.get("GONGKAI_HTTPS", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Tasks go to a database queue run by `gongkai worker`, which also runs the publishing
# schedule (scheduled go-live and expiry) so no cron job is needed.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Applicants' personal data at rest: no generated key file in production; the keys come
# from the environment only (README, docs/features/applications.md).
GONGKAI_PII_KEY_FILE = None
if not GONGKAI_PII_KEYS or not GONGKAI_PII_HASH_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "GONGKAI_PII_KEYS and GONGKAI_PII_HASH_KEY must be set in production."
    )
