"""Mail settings from one URL (GONGKAI_EMAIL_URL).

A few lines of our own rather than a dependency: only four schemes are needed and
urllib parses the rest. Pure function, no Django import.

    smtp://user:pass@host:25       plain SMTP (STARTTLS not attempted)
    smtp+tls://user:pass@host:587  STARTTLS
    smtp+ssl://user:pass@host:465  implicit TLS
    console://                     print mails to the console
"""

from urllib.parse import unquote, urlsplit

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


def email_settings(url: str) -> dict[str, object]:
    """Django's EMAIL_* settings for `url`; ValueError for an unknown scheme."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE_BACKEND}
    if parts.scheme not in ("smtp", "smtp+tls", "smtp+ssl"):
        raise ValueError(f"GONGKAI_EMAIL_URL: unknown scheme {parts.scheme!r}")
    default_port = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme]
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
        "EMAIL_TIMEOUT": 20,
    }
