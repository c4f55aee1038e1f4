"""Publishing settings, read when called (defaults here, values in settings)."""

from pathlib import Path

from django.conf import settings

# Served by the application, never from files (docs/deploy/nginx.conf proxies them).
DEFAULT_DYNAMIC_PREFIXES = ("/api/", "/search/", "/apply/", "/hudong/", "/admin/")
# Published as files when a public page links them; the application answers the rest
# (admin assets, attachments of drafts shown in preview).
DEFAULT_FALLBACK_PREFIXES = ("/static/", "/documents/", "/media/")


def get_publish_root() -> Path:
    return Path(settings.GONGKAI_PUBLISH_ROOT)


def get_dynamic_prefixes() -> tuple[str, ...]:
    return tuple(
        getattr(
            settings, "GONGKAI_PUBLISHING_DYNAMIC_PREFIXES", DEFAULT_DYNAMIC_PREFIXES
        )
    )


def get_fallback_prefixes() -> tuple[str, ...]:
    return tuple(
        getattr(
            settings, "GONGKAI_PUBLISHING_FALLBACK_PREFIXES", DEFAULT_FALLBACK_PREFIXES
        )
    )


def is_incremental_enabled() -> bool:
    """Incremental publishing on page events (it also needs a first full publish)."""
    return bool(getattr(settings, "GONGKAI_PUBLISHING_INCREMENTAL", True))
