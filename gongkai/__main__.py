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


DEMO_REFUSED = (
    "gongkai demo 不能在生产设置下运行：演示站点会创建固定密码的演示账号。"
    "请在开发或演示环境中运行（不设置 DJANGO_SETTINGS_MODULE，或使用 gongkai.settings.dev）。"
)


def refuse_demo_without_demo_app(argv: list[str]) -> None:
    """One clear line instead of Django's "Unknown command" when production runs `demo`.

    Production settings leave the demo app out (issue 18, item 6), so the command does
    not exist there; say why rather than suggest a typo.
    """
    if len(argv) > 1 and argv[1] == "demo":
        from django.conf import settings

        if "gongkai.demo" not in settings.INSTALLED_APPS:
            sys.stderr.write(DEMO_REFUSED + "\n")
            sys.exit(2)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module(sys.argv))
    refuse_demo_without_demo_app(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
