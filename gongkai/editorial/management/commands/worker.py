"""`gongkai worker`: run queued tasks and the publishing schedule in one process."""

import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.core.signals import worker_started
from gongkai.editorial.schedule import (
    get_schedule_interval,
    run_schedule_loop,
    run_schedule_once,
)


class Command(BaseCommand):
    help = "运行后台任务队列，并按时执行定时发布和到期下线（无需配置 cron）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help=_("只执行一次定时发布检查后退出")
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help=_("定时发布检查间隔（秒），默认 %(n)d")
            % {"n": get_schedule_interval()},
        )

    def handle(
        self, *args: Any, once: bool, interval: float | None, **options: Any
    ) -> None:
        if interval is not None and interval <= 0:
            raise CommandError(_("--interval 必须大于0秒。"))
        if once:
            run = run_schedule_once()
            self.stdout.write(run.summary())
            for line in run.refused:
                self.stdout.write(line)
            return
        stop = threading.Event()
        # Upkeep queued before the first task runs (search: its language model).
        worker_started.send(sender=self.__class__)
        if self._uses_database_queue():
            # The task worker owns the main thread (it handles signals); the schedule runs beside it.
            threading.Thread(
                target=run_schedule_loop,
                kwargs={"stop": stop, "interval": interval},
                name="gongkai-schedule",
                daemon=True,
            ).start()
            self.stdout.write(_("任务队列与定时发布已启动。"))
            try:
                call_command("db_worker")
            finally:
                stop.set()
        else:
            self.stdout.write(_("任务在请求进程内执行；本进程只运行定时发布。"))
            try:
                run_schedule_loop(stop=stop, interval=interval)
            except KeyboardInterrupt:
                stop.set()

    @staticmethod
    def _uses_database_queue() -> bool:
        backends = getattr(settings, "TASKS", {})
        return any(
            config.get("BACKEND", "").startswith("django_tasks_db")
            for config in backends.values()
        )
