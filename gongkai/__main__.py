"""The `gongkai` console script: Django's manage.py with the project's settings."""

import os
import sys

# Commands that serve the site to browsers: without --dev they run the hardened demo
# settings (DEBUG off), never the development settings (issue 13, item 2).
SERVING_COMMANDS = frozenset({"serve", "demo"})


def default_settings_module(argv: list[str]) -> str:
    """The settings module used when DJANGO_SETTINGS_MODULE is not set.

    `gongkai serve` and `gongkai demo` get gongkai.settings.demo (production hardening,
    DEBUG off, a generated key) unless --dev is given; everything else (runserver,
    shell, migrate ...) keeps the development settings. Deployments set
    DJANGO_SETTINGS_MODULE=gongkai.settings.production and are not affected.
    """
    command = argv[1] if len(argv) > 1 else ""
    if command in SERVING_COMMANDS and "--dev" not in argv[2:]:
        return "gongkai.settings.demo"
    return "gongkai.settings.dev"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module(sys.argv))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
