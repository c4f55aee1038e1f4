"""Settings of the applications app, with their defaults; read when called, never at import."""

from django.conf import settings


def description_max_length() -> int:
    """The longest 内容描述 an applicant may submit, in characters."""
    return int(getattr(settings, "GONGKAI_APPLICATIONS_DESCRIPTION_MAX_LENGTH", 2000))


def correction_working_days() -> int:
    """The default period an applicant gets to correct an application (补正期限).

    Art. 30 leaves the period to the agency ("合理的补正期限"); 15 working days is a
    common choice of local rules. The officer may set another date in each notice.
    """
    return int(getattr(settings, "GONGKAI_APPLICATIONS_CORRECTION_WORKING_DAYS", 15))


def due_soon_working_days() -> int:
    """How many working days before the due date the daily task flags an application."""
    return int(getattr(settings, "GONGKAI_APPLICATIONS_DUE_SOON_WORKING_DAYS", 5))


def reply_files_root() -> str:
    """Where reply attachments are stored: never under MEDIA_ROOT (no direct URL)."""
    default = settings.DATA_DIR / "private" / "application-replies"
    return str(getattr(settings, "GONGKAI_APPLICATIONS_FILES_ROOT", default))


def attachment_max_bytes() -> int:
    """The largest reply attachment an office may upload (default 20 MB)."""
    return int(
        getattr(settings, "GONGKAI_APPLICATIONS_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
    )


def attachments_per_application() -> int:
    return int(getattr(settings, "GONGKAI_APPLICATIONS_ATTACHMENTS_MAX", 20))


def transfer_clock() -> str:
    """What a 转办 does to the reply clock: "restart" (default) or "keep".

    The reference has no explicit rule for a transfer between agencies. Our reading of
    Art. 31: the agency that will answer receives the application on the day the
    transfer reaches it, so its 20 working days start then ("restart"). "keep" leaves the
    first agency's receipt date (and its correction, pauses and extension) in force.
    """
    value = str(getattr(settings, "GONGKAI_TRANSFER_CLOCK", "restart"))
    return value if value in ("restart", "keep") else "restart"
