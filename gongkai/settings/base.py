"""Complete settings for the embedded SQLite set-up; other modules adjust them.

Every deployment setting is read from the environment (see docs/configuration.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Where the embedded database, uploads and published files live by default.
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", Path.cwd() / "var")).resolve()

SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(
        ","
    )
    if host.strip()
]

INSTALLED_APPS = [
    "gongkai.core",
    "gongkai.columns",
    "gongkai.catalog",
    "gongkai.stats",
    "gongkai.workdays",
    "gongkai.applications",
    "gongkai.applications_public",
    "gongkai.interaction",
    "gongkai.reports",
    "gongkai.inspection",
    "gongkai.portal_import",
    # Order of search and publishing does not matter: the publishing task indexes the
    # items of a catalog-mode column itself before rendering it (publishing/services.py).
    "gongkai.search",
    "gongkai.publishing",
    "gongkai.editorial",
    "gongkai.opendata",
    "gongkai.demo",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The security headers (CSP, nosniff, Referrer-Policy, HSTS over HTTPS, ...) from
    # gongkai.core.http_headers, the one definition shared with serve and nginx.
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (postgres://...) selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers
    # (index-number allocation, the visit counter) queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Connections are kept (conn_max_age above), as on PostgreSQL: opening one per
    # request re-ran the PRAGMAs and re-read the schema on every search (issue #14).
    # The embedded database needs its folder; a fresh machine has none yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Wagtail's own zh_Hans catalogs cover about a third of its admin strings; the project's
# catalog (gongkai/locale, committed .po and .mo) fills the rest and wins over the apps'.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(
    parents=True, exist_ok=True
)  # WhiteNoise warns on every start without it
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve app static files straight from the package: no collectstatic step for the demo.
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Static publishing writes one folder per site below this root (a later feature).
GONGKAI_PUBLISH_ROOT = Path(
    os.environ.get("GONGKAI_PUBLISH_ROOT", DATA_DIR / "publish")
)

WAGTAIL_SITE_NAME = "政务公开平台"
WAGTAIL_I18N_ENABLED = False
# The admin is Chinese only: Wagtail's account page offers no other language or time zone,
# and new users need no preference for it (Wagtail falls back to LANGUAGE_CODE).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# No avatar from gravatar.com: an outside request per admin page, broken offline, and it
# tells a third party who works in the admin. Wagtail shows its built-in default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_USER_LOGIN_FORM = "gongkai.editorial.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get(
    "GONGKAI_ADMIN_BASE_URL",
    f"http://127.0.0.1:{os.environ.get('GONGKAI_PORT', '8000')}",
)
# Chinese-aware (segmenting) subclass of Wagtail's database backend: gongkai/search/backends.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "gongkai.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ofd",
    "wps",
    "txt",
    "zip",
    "csv",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# A truncated or corrupt image is a form error, not a 500 (issue 13 item 9).
WAGTAILIMAGES_IMAGE_FORM_BASE = "gongkai.core.image_forms.CompleteImageForm"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
# 三审: the approved workflow publishes; no editorial group holds the publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = (
    "gongkai.editorial.finish.publish_approved_workflow_state"
)

# Wagtail runs its background work (search index, references) through Django tasks.
TASKS = {"default": {"BACKEND": "gongkai.core.task_backends.ImmediateOnCommitBackend"}}

# --- Abuse limits: shared cache, client address, admin login lockout -------------------
# Rate limits (依申请公开), the login lockout's cache and the search statistics need one
# cache for every process: Redis at GONGKAI_CACHE_URL (redis://host:port/db). Without it,
# each process has its own memory, which is right only for the embedded single process.
GONGKAI_CACHE_URL = os.environ.get("GONGKAI_CACHE_URL", "").strip()
if GONGKAI_CACHE_URL:
    if not GONGKAI_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "GONGKAI_CACHE_URL must be a Redis URL, e.g. redis://127.0.0.1:6379/0."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GONGKAI_CACHE_URL,
            "KEY_PREFIX": os.environ.get("GONGKAI_CACHE_PREFIX", "gongkai"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Search answers kept per server process until the index changes (search/result_cache.py);
# 0 turns the cache off.
GONGKAI_SEARCH_CACHE_ENTRIES = int(
    os.environ.get("GONGKAI_SEARCH_CACHE_ENTRIES", "512")
)
# Addresses/networks of the reverse proxies whose X-Forwarded-For is believed (e.g.
# "127.0.0.1" for nginx on the same machine). Empty: the connection's address only.
# One reading for everything: gongkai/core/client_address.py.
GONGKAI_TRUSTED_PROXIES = os.environ.get("GONGKAI_TRUSTED_PROXIES", "")
# Admin login lockout (django-axes): N failures per user name + client address lock that
# pair for the cool-off; the Wagtail login page says so in Chinese (core/login_lockout.py).
# Unlock: `gongkai axes_reset_username NAME` / `axes_reset_ip ADDRESS` / `axes_reset`.
AUTHENTICATION_BACKENDS = [
    "gongkai.core.login_lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("GONGKAI_LOGIN_COOLOFF_MINUTES", "30"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gongkai.core.login_lockout.lockout_client_address"
AXES_LOCKOUT_CALLABLE = "gongkai.core.login_lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING"),
    },
}

# Applicants' personal data at rest (gongkai/applications/pii.py). GONGKAI_PII_KEYS:
# comma-separated Fernet keys, the first encrypts, all decrypt (rotation: new key first,
# `gongkai rotate_pii_keys`, then drop the old one). GONGKAI_PII_HASH_KEY keys the HMAC
# lookup columns. Without them (development, demo, tests) a key is generated once into
# GONGKAI_PII_KEY_FILE; production sets no file and needs both variables.
GONGKAI_PII_KEYS = [
    key.strip()
    for key in os.environ.get("GONGKAI_PII_KEYS", "").split(",")
    if key.strip()
]
GONGKAI_PII_HASH_KEY = os.environ.get("GONGKAI_PII_HASH_KEY", "")
GONGKAI_PII_KEY_FILE: Path | None = DATA_DIR / "pii_key"
# dumpdata/loaddata write applicants' personal data as ciphertext (backups stay encrypted).
SERIALIZATION_MODULES = {
    fmt: f"gongkai.applications.serializers.{fmt}"
    for fmt in ("json", "jsonl", "python")
}
# --- Mail (issue 13) -------------------------------------------------------------
# GONGKAI_EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://, console://) and
# GONGKAI_EMAIL_FROM. Without a URL mails go to the console here; production sends
# none and warns at start (see gongkai.core.checks).
from .email_url import email_settings  # noqa: E402

EMAIL_CONFIGURED = bool(os.environ.get("GONGKAI_EMAIL_URL"))
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if EMAIL_CONFIGURED:
    globals().update(email_settings(os.environ["GONGKAI_EMAIL_URL"]))
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# --- Reachability probe (inspection, 站点无法访问) ------------------------------------
# `gongkai worker` and `gongkai serve` visit each site's home page every few minutes
# (the site's 站点可用性监测 rule); "0" turns the visits off in this process.
GONGKAI_INSPECTION_PROBE = os.environ.get("GONGKAI_INSPECTION_PROBE", "1") != "0"
# Seconds a visit may take: the indicators' 15 s (tests shorten it).
GONGKAI_INSPECTION_PROBE_TIMEOUT = 15.0
