"""`gongkai demo`: migrate, build the demo site, print where to look, optionally serve it."""

import re
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _
from wagtail.models import Page

from gongkai.demo.builder import DEFAULT_ITEM_COUNT, DemoSite, build_demo_site
from gongkai.demo.pages import DemoBuildError
from gongkai.publishing.signal_handlers import publishing_suspended
from gongkai.search import lm_store

SHOWCASE_COLUMN = "zwgk"  # 政务公开
ADDRESS = re.compile(r"(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})")


def parse_address(value: str) -> str:
    """Check ADDR:PORT for runserver; raise CommandError (Chinese) otherwise."""
    match = ADDRESS.fullmatch(value.strip())
    if match is None or not 0 < int(match["port"]) < 65536:
        raise CommandError(
            _(
                "--serve 的地址格式应为 地址:端口，例如 127.0.0.1:8000，当前为“%(value)s”。"
            )
            % {"value": value}
        )
    return value.strip()


def browser_base(address: str | None, demo: DemoSite) -> str:
    """The URL prefix a browser on this machine uses to reach the demo."""
    if address is None:
        return f"http://{demo.site.hostname}:{demo.site.port}"
    host, port = address.rsplit(":", 1)
    return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"  # noqa: S104


class Command(BaseCommand):
    help = "构建演示站点（金东区人民政府，含种子页面和数百条信息），可选地静态发布并提供服务。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--items",
            type=int,
            default=DEFAULT_ITEM_COUNT,
            help=_("种子页面之外的演示信息条数，默认 %(count)d")
            % {"count": DEFAULT_ITEM_COUNT},
        )
        parser.add_argument(
            "--serve",
            metavar="ADDR:PORT",
            help=_("构建完成后静态发布站点，并在该地址提供服务，如 127.0.0.1:8000"),
        )
        parser.add_argument(
            "--dev",
            action="store_true",
            help=_(
                "与 --serve 一起使用：以开发设置（DEBUG 开启）提供服务；默认使用加固的设置"
            ),
        )

    def handle(
        self,
        *args: Any,
        items: int,
        serve: str | None,
        dev: bool = False,
        **options: Any,
    ) -> None:
        address = parse_address(serve) if serve else None
        self._migrate()
        started = time.monotonic()
        # Served: the Site gets the port it is served on, so the absolute URLs in the
        # published files (QR codes, sitemap, feeds, robots.txt) reach this server.
        demo = self._build(
            items, port=int(address.rsplit(":", 1)[1]) if address else None
        )
        self.stdout.write(
            _(
                "演示站点已就绪：本次新建 %(created)d 条信息（计划 %(planned)d 条），构建用时 %(seconds).1f 秒。"
            )
            % {
                "created": demo.created_item_count,
                "planned": demo.item_count,
                "seconds": time.monotonic() - started,
            }
        )
        self._print_urls(demo, browser_base(address, demo))
        if address:
            # Served from static files, as in production: publish, then serve the
            # publish root with the dynamic services (/api/, /search/, /apply/, /admin/).
            call_command(
                "publish",
                site=demo.site.hostname,
                quiet_progress=True,
                stdout=self.stdout,
            )
            call_command("serve", address, dev=dev)

    def _migrate(self) -> None:
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except DatabaseError as exc:
            message = " ".join(str(exc).split())
            raise CommandError(
                _("数据库迁移失败：%(error)s") % {"error": message}
            ) from exc

    def _build(self, items: int, port: int | None = None) -> DemoSite:
        try:
            # One full publish afterwards instead of one task per page built, and one
            # build of the search correction's language model, not one per batch.
            with publishing_suspended(), lm_store.builds_deferred():
                demo = build_demo_site(item_count=items, stdout=self.stdout, port=port)
            lm_store.build_if_stale()
            return demo
        except ValidationError as exc:
            raise CommandError(
                _("演示站点构建失败：%(error)s") % {"error": "；".join(exc.messages)}
            ) from exc
        except (DemoBuildError, DatabaseError, OSError) as exc:
            message = " ".join(str(exc).split())  # one line
            raise CommandError(
                _("演示站点构建失败：%(error)s") % {"error": message}
            ) from exc

    def _print_urls(self, demo: DemoSite, base: str) -> None:
        column = demo.columns[SHOWCASE_COLUMN]
        lines = [
            (_("首页"), demo.home),
            (_("栏目（%(title)s）") % {"title": column.title}, column),
            (_("种子页面"), demo.seed_page),
            (_("图解"), demo.graphic_interpretation),
        ]
        for label, page in lines:
            self.stdout.write(f"{label}：{base}{self._path(page, demo)}")
        self.stdout.write(_("管理后台：%(url)s") % {"url": f"{base}/admin/"})
        self.stdout.write(_("用户名：%(username)s") % {"username": demo.admin_username})
        if demo.password_from_env:
            self.stdout.write(_("密码：环境变量 GONGKAI_DEMO_PASSWORD 的值"))
        else:
            self.stdout.write(
                _("密码：%(password)s（每次运行重新生成）")
                % {"password": demo.admin_password}
            )

    @staticmethod
    def _path(page: Page, demo: DemoSite) -> str:
        return page.relative_url(demo.site)
