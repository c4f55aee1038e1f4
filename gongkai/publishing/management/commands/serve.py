"""`gongkai serve`: serve the publish root and the dynamic services in one process.

The server is waitress, not Django's development server: a production WSGI server
in pure Python (it runs on Linux and Windows alike, unlike gunicorn, and needs no
compiled wheel, unlike Granian), with a bounded thread pool, an inactivity timeout
that drops half-sent requests (slowloris) and a request body limit answered with 413.
It runs in this process, so the publish tasks and the schedule threads started below
run beside it as before. Large installs put nginx in front (docs/deploy).

Worker count: one process, `--threads` threads. There is no `--workers`: waitress does
not fork, and a pre-fork supervisor written here would duplicate what systemd does
better (restart on crash, logs, limits per process). More processes are more instances
of the systemd template `gongkai-serve@PORT.service`, one port each, listed in nginx's
`upstream gongkai_app` (docs/deploy/README.md). Running the publish tasks and the
schedule in several processes at once is safe (editorial/schedule.py, file locks in
publishing/trees.py).
"""

import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.utils.translation import gettext as _

from gongkai.core.task_backends import run_tasks_in_background
from gongkai.publishing.conf import get_publish_root
from gongkai.publishing.serving import PublishRootApp

ADDRESS = re.compile(r"(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})")
DEFAULT_THREADS = 8
DEFAULT_TIMEOUT = 30  # seconds a connection may stay silent, mid-request or idle
DEFAULT_MAX_BODY = 60 * 1024 * 1024  # above WAGTAILDOCS_MAX_UPLOAD_SIZE (50 MB)


def start_background_services() -> None:
    """Threads that run beside the web server in this process.

    The schedule (scheduled go-live and expiry) runs here, so a single-process install
    needs no cron job and no separate worker.
    """
    from gongkai.editorial.schedule import start_schedule_thread

    start_schedule_thread()


def positive(value: str) -> int:
    import argparse

    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(
            _("应为正整数，当前为“%(value)s”") % {"value": value}
        )
    return int(value)


def create_server(
    application: Any, *, listen: str, threads: int, timeout: int, max_body: int
) -> Any:
    """The waitress server, bound but not yet serving."""
    from waitress.server import create_server as waitress_server

    return waitress_server(
        application,
        listen=listen,
        threads=threads,
        # A connection silent this long is closed: a request whose headers or body
        # stop arriving (slowloris) holds no thread and no socket for longer.
        channel_timeout=timeout,
        cleanup_interval=max(1, min(timeout, 30)),
        max_request_body_size=max_body,
        max_request_header_size=64 * 1024,
        ident="gongkai",
        expose_tracebacks=False,
    )


class Command(BaseCommand):
    help = (
        "在一个进程中提供静态发布目录和动态服务（/api/、/search/、/apply/、/admin/），用于演示和单机部署。"
        "一个进程用 --threads 个线程处理请求；需要多个进程（多核）时，按端口运行多个实例"
        "（systemd 模板 gongkai-serve@端口.service），并在 nginx 的 upstream 中逐一列出，"
        "见 docs/deploy/README.md。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "address",
            nargs="?",
            default="127.0.0.1:8000",
            help=_("监听地址，如 127.0.0.1:8000"),
        )
        parser.add_argument(
            "--dev",
            action="store_true",
            help=_(
                "使用开发设置（gongkai.settings.dev，DEBUG 开启）；默认使用加固的设置，DEBUG 关闭"
            ),
        )
        parser.add_argument(
            "--threads",
            type=positive,
            default=DEFAULT_THREADS,
            help=_("处理请求的线程数，默认 %(n)d") % {"n": DEFAULT_THREADS},
        )
        parser.add_argument(
            "--timeout",
            type=positive,
            default=DEFAULT_TIMEOUT,
            help=_("连接无数据超过该秒数即断开（含发送一半的请求），默认 %(n)d")
            % {"n": DEFAULT_TIMEOUT},
        )
        parser.add_argument(
            "--max-body",
            type=positive,
            default=DEFAULT_MAX_BODY,
            help=_("请求体上限（字节），超过返回 413，默认 %(n)d")
            % {"n": DEFAULT_MAX_BODY},
        )

    def handle(
        self,
        *args: Any,
        address: str,
        dev: bool = False,
        threads: int = DEFAULT_THREADS,
        timeout: int = DEFAULT_TIMEOUT,
        max_body: int = DEFAULT_MAX_BODY,
        **options: Any,
    ) -> None:
        # DEBUG shows tracebacks and settings to anyone who triggers an error: only the
        # developer who asked for it with --dev gets it (issue 13, item 2).
        if settings.DEBUG and not dev:
            raise CommandError(
                _(
                    "当前设置开启了 DEBUG，gongkai serve 拒绝以调试模式对外服务；开发时请加 --dev。"
                )
            )
        match = ADDRESS.fullmatch(address.strip())
        if match is None or not 0 < int(match["port"]) < 65536:
            raise CommandError(
                _("地址格式应为 地址:端口，例如 127.0.0.1:8000，当前为“%(value)s”。")
                % {"value": address}
            )
        application = PublishRootApp(get_wsgi_application())
        try:
            server = create_server(
                application,
                listen=address.strip(),
                threads=threads,
                timeout=timeout,
                max_body=max_body,
            )
        except (OSError, ValueError) as exc:
            raise CommandError(
                _("无法在 %(address)s 启动服务：%(error)s")
                % {"address": address, "error": exc}
            ) from exc
        # An editor's publish returns at once; its pages are rendered in a thread here.
        run_tasks_in_background()
        start_background_services()
        self.stdout.write(
            _(
                "提供静态发布目录 %(root)s 和动态服务：http://%(address)s/（Ctrl+C 停止）"
            )
            % {"root": get_publish_root(), "address": address}
        )
        self.stdout.flush()
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
