"""Production: hardened; refuses to start without the settings that must be given."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("GONGKAI_SECRET_KEY must be set in production.")
# The same bar as Django's security.W009 check, but refusing to start instead of
# warning: a short, low-entropy or known (development/test) key lets anyone forge
# sessions and password-reset links.
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", "dev-only-insecure", "test-only"))
):
    raise ImproperlyConfigured(
        "GONGKAI_SECRET_KEY is too weak for production: use at least 50 random "
        "characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if "GONGKAI_ALLOWED_HOSTS" not in os.environ:
    raise ImproperlyConfigured("GONGKAI_ALLOWED_HOSTS must be set in production.")

DEBUG = False
# The demo app (its fixed-password role accounts, `gongkai demo`) is for development
# and the embedded demo only; a production install never has it (issue 18, item 6).
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "gongkai.demo"]  # noqa: F405
# Many processes: a per-process cache would let the abuse limits leak (system check
# gongkai_core.W001 warns when GONGKAI_CACHE_URL is not set).
GONGKAI_SHARED_CACHE_REQUIRED = True

# --- HTTPS and security headers (issue 13) -------------------------------------
# GONGKAI_HTTPS=1 (default): the site is reached over HTTPS, so cookies are Secure,
# plain HTTP is redirected and HSTS is sent. GONGKAI_TLS_PROXY=1: TLS ends at a proxy
# (nginx) that sets X-Forwarded-Proto; only then is that header trusted.
HTTPS = os.environ.get("GONGKAI_HTTPS", "1") == "1"
if os.environ.get("GONGKAI_TLS_PROXY", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# The header values themselves come from gongkai.core.http_headers (through
# SecurityHeadersMiddleware); these settings only mirror them so that Django's
# deploy checks see them, and SecurityMiddleware never adds a different value.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# Without GONGKAI_EMAIL_URL no mail is sent (not even attempted, so workflow notices
# log no SMTP tracebacks); the system check gongkai_core.W002 says so at every start.
if not EMAIL_CONFIGURED:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment for the whole domain; the operator opts in.
    "security.W021",
    # SAMEORIGIN, not DENY: the Wagtail admin previews pages in a same-origin iframe.
    "security.W019",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Tasks go to a database queue run by `gongkai worker`, which also runs the publishing
# schedule (scheduled go-live and expiry) so no cron job is needed.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Applicants' personal data at rest: no generated key file in production; the keys come
# from the environment only (README, docs/features/applications.md).
GONGKAI_PII_KEY_FILE = None
if not GONGKAI_PII_KEYS or not GONGKAI_PII_HASH_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "GONGKAI_PII_KEYS and GONGKAI_PII_HASH_KEY must be set in production."
    )
