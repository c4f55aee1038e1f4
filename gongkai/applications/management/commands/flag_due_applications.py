from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications import conf
from gongkai.applications.services.reminders import flag_due_applications
from gongkai.applications.tasks import flag_due_applications as flag_task


class Command(BaseCommand):
    help = "标记临近答复期限或已超期的依申请公开申请，并提醒承办人（每日运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("提前多少个工作日提醒（默认取设置）"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("只列出将被标记的申请，不写入记录")
        )

    def handle(
        self, *args: Any, days: int | None, dry_run: bool, **options: Any
    ) -> None:
        if days is not None and days < 0:
            raise CommandError(_("--days 不能为负数。"))
        if dry_run:
            within = conf.due_soon_working_days() if days is None else days
            result = flag_due_applications(
                today=timezone.localdate(), within=within, dry_run=True
            )
            found = {
                "due_soon": result.due_soon,
                "overdue": result.overdue,
                "missing_years": sorted(result.missing_years),
            }
        else:
            found = flag_task.call(within=days)
        self.stdout.write(
            _("临近期限 %(soon)d 件，已超期 %(late)d 件。")
            % {"soon": len(found["due_soon"]), "late": len(found["overdue"])}
        )
        for year in found["missing_years"]:
            self.stderr.write(
                _("%(year)d年工作日历尚未录入，部分期限无法计算。") % {"year": year}
            )
