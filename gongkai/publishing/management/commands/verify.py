"""`gongkai verify`: compare the web root with the manifest of the last publish (防篡改)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.publishing.services import (
    PublishError,
    VerifyReport,
    repair_site,
    verify_site,
)

from ._sites import select_sites

LISTED = 50  # files listed per kind; the count is always complete


class Command(BaseCommand):
    help = "校验发布目录：报告自上次发布以来被修改、缺失或新增的文件；--repair 恢复。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site", metavar="HOSTNAME", help=_("只校验该主机名的站点（默认全部站点）")
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help=_("恢复被修改和缺失的文件，删除新增的文件和符号链接"),
        )

    def handle(
        self, *args: Any, site: str | None, repair: bool, **options: Any
    ) -> None:
        damaged = 0
        for each in select_sites(site):
            try:
                report = repair_site(site=each) if repair else verify_site(site=each)
            except PublishError as exc:
                raise CommandError(str(exc)) from exc
            self._print(report)
            if repair and not report.is_intact:
                self.stdout.write(_("%(site)s：已恢复。") % {"site": each.hostname})
            if not report.is_intact and not repair:
                damaged += 1
        if damaged:
            raise CommandError(
                _("%(count)d 个站点的发布目录与发布记录不一致（可用 --repair 恢复）。")
                % {"count": damaged}
            )

    def _print(self, report: VerifyReport) -> None:
        host = report.site.hostname
        if report.is_intact:
            self.stdout.write(_("%(site)s：全部文件与发布记录一致。") % {"site": host})
            return
        if report.interrupted:
            self.stdout.write(
                _("%(site)s：上次发布在切换发布目录与发布记录之间中断") % {"site": host}
            )
        for label, paths in (
            (_("被修改"), report.changed),
            (_("缺失"), report.missing),
            (_("新增"), report.added),
            (_("符号链接"), report.symlinks),
        ):
            if paths:
                self.stdout.write(
                    _("%(site)s：%(label)s %(count)d 个")
                    % {"site": host, "label": label, "count": len(paths)}
                )
                for path in paths[:LISTED]:
                    self.stdout.write(f"  {path}")
