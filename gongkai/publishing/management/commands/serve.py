"""`gongkai serve`: serve the publish root and the dynamic services.

The server is waitress, not Django's development server: a production WSGI server
in pure Python (it runs on Linux and Windows alike, unlike gunicorn, and needs no
compiled wheel, unlike Granian), with a bounded thread pool, an inactivity timeout
that drops half-sent requests (slowloris) and a request body limit answered with 413.
It runs in this process, so the publish tasks and the schedule threads started below
run beside it as before. Large installs put nginx in front (docs/deploy).

Worker count: `--workers N` (default 1) processes of `--threads` threads each. One
waitress process runs Python under one GIL, so search (10–40 ms of Python a query)
used one core of two however many threads it had (issue #14, item 6). With N > 1 this
process starts N copies of itself that each bind the same address with SO_REUSEPORT:
the kernel spreads new connections over them, so no process of ours sits in the
request path and none has to pass sockets on. This is deliberately not a supervisor:
when one worker exits, the others are stopped and the command fails, and systemd (or
whoever started it) restarts the whole thing. Windows has no SO_REUSEPORT: there,
as before, more processes are more instances on their own ports behind nginx
(`gongkai-serve@PORT.service`, docs/deploy/README.md). Running the publish tasks in
several processes at once is safe (file locks in publishing/trees.py); the schedule
runs in the first worker only (it is safe in several, but needless).
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.utils.translation import gettext as _

from gongkai.core.signals import worker_started
from gongkai.core.task_backends import run_tasks_in_background
from gongkai.editorial.schedule import start_schedule_thread
from gongkai.publishing.conf import get_publish_root
from gongkai.publishing.serving import PublishRootApp

ADDRESS = re.compile(r"(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})")
DEFAULT_THREADS = 8
DEFAULT_TIMEOUT = 30  # seconds a connection may stay silent, mid-request or idle
DEFAULT_MAX_BODY = 60 * 1024 * 1024  # above WAGTAILDOCS_MAX_UPLOAD_SIZE (50 MB)
DEFAULT_WORKERS = 1
MAX_WORKERS = 64  # a typo (--workers 1000) must not fork-bomb the machine


def start_background_services() -> None:
    """Threads that run beside the web server in this process.

    The schedule (scheduled go-live and expiry) runs here, so a single-process install
    needs no cron job and no separate worker. This process runs tasks too (in its
    background thread, or they go to the database queue), so it asks for the upkeep a
    worker starts with (search: its language model, core.signals.worker_started).
    """
    start_schedule_thread()
    worker_started.send(sender=Command)


def positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(
            _("应为正整数，当前为“%(value)s”") % {"value": value}
        )
    return int(value)


def can_share_port() -> bool:
    """Whether several processes may listen on one address (Linux, the BSDs, macOS)."""
    return hasattr(socket, "SO_REUSEPORT")


def reuse_port_socket(listen: str) -> socket.socket:
    """A socket bound to `listen` (host:port, [v6]:port) that other processes of the
    same user may bind too (Linux only lets the same effective user share a port)."""
    host, port = listen.rsplit(":", 1)
    family, kind, proto, _name, address = socket.getaddrinfo(
        host.strip("[]"), int(port), type=socket.SOCK_STREAM
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def create_server(
    application: Any,
    *,
    listen: str,
    threads: int,
    timeout: int,
    max_body: int,
    reuse_port: bool = False,
) -> Any:
    """The waitress server, bound but not yet serving."""
    from waitress.server import create_server as waitress_server

    where: dict[str, Any] = (
        {"sockets": [reuse_port_socket(listen)]} if reuse_port else {"listen": listen}
    )
    return waitress_server(
        application,
        **where,
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


def stop_all(children: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each worker still running, then wait (SIGKILL after 30 s)."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


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
            "--workers",
            type=positive,
            default=DEFAULT_WORKERS,
            help=_(
                "进程数（每个进程 --threads 个线程，共用同一端口，需要 Linux 等支持 "
                "SO_REUSEPORT 的系统），默认 %(n)d；建议不超过 CPU 核数"
            )
            % {"n": DEFAULT_WORKERS},
        )
        # Internal: set by the parent on the processes it starts (which worker this is).
        parser.add_argument(
            "--worker-index", type=int, default=None, help=argparse.SUPPRESS
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
        workers: int = DEFAULT_WORKERS,
        worker_index: int | None = None,
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
        if workers > MAX_WORKERS:
            raise CommandError(
                _("--workers 最多为 %(n)d，当前为 %(value)d。")
                % {"n": MAX_WORKERS, "value": workers}
            )
        if workers > 1:
            if not can_share_port():
                raise CommandError(
                    _(
                        "本系统不支持多个进程共用一个端口（SO_REUSEPORT），不能使用 --workers；"
                        "请按端口运行多个实例并由 nginx 分发，见 docs/deploy/README.md。"
                    )
                )
            self._run_workers(
                address.strip(),
                workers=workers,
                threads=threads,
                timeout=timeout,
                max_body=max_body,
                dev=dev,
            )
            return
        application = PublishRootApp(get_wsgi_application())
        shared = worker_index is not None
        try:
            server = (
                create_server(
                    application,
                    listen=address.strip(),
                    threads=threads,
                    timeout=timeout,
                    max_body=max_body,
                    reuse_port=True,
                )
                if shared
                else create_server(
                    application,
                    listen=address.strip(),
                    threads=threads,
                    timeout=timeout,
                    max_body=max_body,
                )
            )
        except (OSError, ValueError) as exc:
            raise CommandError(
                _("无法在 %(address)s 启动服务：%(error)s")
                % {"address": address, "error": exc}
            ) from exc
        # An editor's publish returns at once; its pages are rendered in a thread here.
        run_tasks_in_background()
        if not worker_index:  # the only process, or the first of the workers
            start_background_services()
        if shared:
            # The parent printed the address once; a worker only serves.
            self._serve(server)
            return
        self.stdout.write(
            _(
                "提供静态发布目录 %(root)s 和动态服务：http://%(address)s/（Ctrl+C 停止）"
            )
            % {"root": get_publish_root(), "address": address}
        )
        self.stdout.flush()
        self._serve(server)

    @staticmethod
    def _serve(server: Any) -> None:
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()

    def _run_workers(
        self,
        address: str,
        *,
        workers: int,
        threads: int,
        timeout: int,
        max_body: int,
        dev: bool,
    ) -> None:
        """Start `workers` copies of this command on the same address, wait, and stop
        them all when one exits or this process is told to stop (SIGTERM, Ctrl+C)."""
        # Bind once here first: a busy address fails now with one clear message,
        # not in N workers. The probe shares the port, so the workers can bind too.
        try:
            reuse_port_socket(address).close()
        except OSError as exc:
            raise CommandError(
                _("无法在 %(address)s 启动服务：%(error)s")
                % {"address": address, "error": exc}
            ) from exc
        if "locmem" in settings.CACHES["default"]["BACKEND"]:
            # Rate limits and the login lockout count in the cache: per process here.
            self.stderr.write(
                _(
                    "注意：未设置 GONGKAI_CACHE_URL（Redis），各进程分别计数，"
                    "频率限制和登录锁定按进程数放宽。"
                )
            )
        base = [sys.executable, "-m", "gongkai", "serve", address]
        base += ["--threads", str(threads), "--timeout", str(timeout)]
        base += ["--max-body", str(max_body), *(["--dev"] if dev else [])]
        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        children = [
            subprocess.Popen([*base, "--worker-index", str(i)], env=env)  # noqa: S603 - our own command
            for i in range(workers)
        ]
        stopping = []

        def stop(signum: int, frame: Any) -> None:
            stopping.append(signum)

        previous = signal.signal(signal.SIGTERM, stop)
        self.stdout.write(
            _(
                "提供静态发布目录 %(root)s 和动态服务：http://%(address)s/（%(n)d 个进程，Ctrl+C 停止）"
            )
            % {"root": get_publish_root(), "address": address, "n": workers}
        )
        self.stdout.flush()
        failed = None
        try:
            while not stopping and failed is None:
                failed = next((c for c in children if c.poll() is not None), None)
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            stop_all(children)
        if failed is not None and not stopping:
            raise CommandError(
                _("工作进程意外退出（退出码 %(code)s），已停止全部进程。")
                % {"code": failed.returncode}
            )
