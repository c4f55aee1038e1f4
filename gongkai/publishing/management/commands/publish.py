"""`gongkai publish`: render every public page of a site into the publish root."""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from gongkai.publishing.conf import get_publish_root
from gongkai.publishing.services import get_site_folder, publish_site

from ._sites import select_sites


class Command(BaseCommand):
    help = "静态发布：把站点的全部公开页面、订阅、站点地图和附件生成到发布目录，完成后一次切换上线。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site", metavar="HOSTNAME", help=_("只发布该主机名的站点（默认全部站点）")
        )
        parser.add_argument(
            "--quiet-progress", action="store_true", help=_("不显示进度")
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help=_("并行渲染的进程数（默认等于CPU核数）"),
        )

    def handle(
        self,
        *args: Any,
        site: str | None,
        quiet_progress: bool,
        processes: int,
        **options: Any,
    ) -> None:
        if processes < 1:
            raise CommandError(_("--processes 至少为 1。"))
        failed = 0
        for each in select_sites(site):
            target = get_publish_root() / get_site_folder(each)
            self.stdout.write(
                _("发布站点 %(site)s → %(path)s")
                % {"site": each.hostname, "path": target}
            )
            try:
                report = publish_site(
                    site=each,
                    progress=None if quiet_progress else self._progress,
                    processes=processes,
                )
            except (OSError, DatabaseError) as exc:
                raise CommandError(
                    _("发布失败（原站点未受影响）：%(error)s")
                    % {"error": " ".join(str(exc).split())}
                ) from exc
            rate = report.pages / report.seconds if report.seconds else 0
            self.stdout.write(
                _(
                    "完成：页面 %(pages)d 个，文件 %(files)d 个，失败 %(failed)d 个，用时 %(seconds).1f 秒（每秒 %(rate).0f 页）。"
                )
                % {
                    "pages": report.pages,
                    "files": len(report.written),
                    "failed": len(report.failures),
                    "seconds": report.seconds,
                    "rate": rate,
                }
            )
            for url_path, reason in report.failures:
                self.stderr.write(
                    _("  失败：%(path)s：%(reason)s")
                    % {"path": url_path, "reason": reason}
                )
            failed += len(report.failures)
        if failed:
            raise CommandError(
                _("%(count)d 个页面发布失败（已保留其上次发布的版本），见上。")
                % {"count": failed}
            )

    def _progress(self, done: int, total: int, elapsed: float) -> None:
        rate = done / elapsed if elapsed else 0
        eta = (total - done) / rate if rate else 0
        self.stdout.write(
            _("  进度 %(done)d/%(total)d，每秒 %(rate).0f 个，预计剩余 %(eta).0f 秒")
            % {"done": done, "total": total, "rate": rate, "eta": eta}
        )
