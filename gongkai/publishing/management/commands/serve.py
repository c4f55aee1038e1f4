"""`gongkai serve`: serve the publish root and the dynamic services in one process."""

import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.servers.basehttp import WSGIServer, run
from django.core.wsgi import get_wsgi_application
from django.utils.translation import gettext as _

from gongkai.core.task_backends import run_tasks_in_background
from gongkai.publishing.conf import get_publish_root
from gongkai.publishing.serving import PublishRootApp

ADDRESS = re.compile(r"(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})")


def start_background_services() -> None:
    """Threads that run beside the web server in this process.

    The schedule (scheduled go-live and expiry) runs here, so a single-process install
    needs no cron job and no separate worker.
    """
    from gongkai.editorial.schedule import start_schedule_thread

    start_schedule_thread()


class Command(BaseCommand):
    help = "在一个进程中提供静态发布目录和动态服务（/api/、/search/、/apply/、/admin/），用于演示和单机部署。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help=_("监听地址，如 127.0.0.1:8000"))
        parser.add_argument(
            "--dev", action="store_true",
            help=_("使用开发设置（gongkai.settings.dev，DEBUG 开启）；默认使用加固的设置，DEBUG 关闭"),
        )

    def handle(self, *args: Any, address: str, dev: bool = False, **options: Any) -> None:
        # DEBUG shows tracebacks and settings to anyone who triggers an error: only the
        # developer who asked for it with --dev gets it (issue 13, item 2).
        if settings.DEBUG and not dev:
            raise CommandError(
                _("当前设置开启了 DEBUG，gongkai serve 拒绝以调试模式对外服务；开发时请加 --dev。")
            )
        match = ADDRESS.fullmatch(address.strip())
        if match is None or not 0 < int(match["port"]) < 65536:
            raise CommandError(_("地址格式应为 地址:端口，例如 127.0.0.1:8000，当前为“%(value)s”。") % {"value": address})
        host = match["host"].strip("[]")
        application = PublishRootApp(get_wsgi_application())
        # An editor's publish returns at once; its pages are rendered in a thread here.
        run_tasks_in_background()
        start_background_services()
        self.stdout.write(
            _("提供静态发布目录 %(root)s 和动态服务：http://%(address)s/（Ctrl+C 停止）")
            % {"root": get_publish_root(), "address": address}
        )
        try:
            run(host, int(match["port"]), application, ipv6=":" in host, threading=True, server_cls=WSGIServer)
        except OSError as exc:
            raise CommandError(_("无法在 %(address)s 启动服务：%(error)s") % {"address": address, "error": exc}) from exc
        except KeyboardInterrupt:
            pass
