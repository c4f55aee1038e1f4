"""gunicorn for the serving benchmark: the dev settings without DEBUG (no collectstatic
needed, unlike production's manifest storage)."""

from gongkai.settings.dev import *  # noqa: F403

DEBUG = False
