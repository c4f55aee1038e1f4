"""Settings of the public application pages, with their defaults; read when called,
never at import."""

from django.conf import settings


def submit_rate() -> str:
    """How many applications one client address may submit, e.g. "5/h" ("" = no limit)."""
    return str(getattr(settings, "GONGKAI_APPLICATIONS_SUBMIT_RATE", "5/h"))


def status_rate() -> str:
    """How many failed status look-ups one client address may make, e.g. "10/h"."""
    return str(getattr(settings, "GONGKAI_APPLICATIONS_STATUS_RATE", "10/h"))


def min_fill_seconds() -> float:
    """Forms sent back sooner than this after they were shown are taken for robots."""
    return float(getattr(settings, "GONGKAI_APPLICATIONS_MIN_FILL_SECONDS", 5))


def form_max_age_seconds() -> float:
    """How long a shown form may be sent back; an older one gets a fresh token."""
    return float(getattr(settings, "GONGKAI_APPLICATIONS_FORM_MAX_AGE", 24 * 3600))


def disclosure_log_per_page() -> int:
    return int(getattr(settings, "GONGKAI_APPLICATIONS_LOG_PER_PAGE", 20))


def download_rate() -> str:
    """How many reply attachments one client address may download, e.g. "60/h"."""
    return str(getattr(settings, "GONGKAI_APPLICATIONS_DOWNLOAD_RATE", "60/h"))


def download_seconds() -> int:
    """How long after a status look-up its attachment links work (shared computers)."""
    return int(getattr(settings, "GONGKAI_APPLICATIONS_DOWNLOAD_SECONDS", 3600))
