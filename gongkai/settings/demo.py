"""`gongkai serve` and `gongkai demo` without --dev: production hardening, debug off.

Runs on a fresh machine with no environment variables (``make demo``): the secret key
is generated once into the data directory instead of being required, and the site is
reached over plain HTTP on this machine, so HTTPS redirects and Secure cookies are off.
Everything else that production hardens is hardened here too; DEBUG is never on (a 500
shows the site's error page, not a traceback). A real deployment uses
gongkai.settings.production (docs/deploy).
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY


def _generated_secret_key() -> str:
    """The key in DATA_DIR/secret_key, written once (mode 0600) when missing."""
    path = DATA_DIR / "secret_key"
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if len(key) < 50:
        key = secrets.token_urlsafe(50)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
    return key


DEBUG = False
SECRET_KEY = SECRET_KEY or _generated_secret_key()
# ALLOWED_HOSTS comes from base: GONGKAI_ALLOWED_HOSTS, else 127.0.0.1 and localhost.
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
