from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.reports.models import AnnualReportPage
from gongkai.reports.services import (
    ReportInconsistent,
    compute_annual_report,
    generate_report,
)
from gongkai.reports.snapshots import diff_snapshots, snapshot_tables


class Command(BaseCommand):
    help = "按最新数据重新生成某机构某年度的政府信息公开工作年度报告表格，并列出变化的单元格。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, required=True, help=_("机构ID"))
        parser.add_argument("--year", type=int, required=True, help=_("报告年度"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("只列出变化，不保存")
        )

    def handle(
        self, *args: Any, organisation: int, year: int, dry_run: bool, **options: Any
    ) -> None:
        pages = AnnualReportPage.objects.filter(organisation_id=organisation, year=year)
        if not pages:
            raise CommandError(
                _("找不到机构%(org)s的%(year)s年度报告页面。")
                % {"org": organisation, "year": year}
            )
        for page in pages:
            try:
                changes = self._changes(page, dry_run)
            except ReportInconsistent as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                _("%(title)s：%(n)d个单元格有变化")
                % {"title": page.title, "n": len(changes)}
            )
            for change in changes:
                self.stdout.write(f"  {change}")

    def _changes(self, page: AnnualReportPage, dry_run: bool) -> list[Any]:
        if not dry_run:
            return generate_report(page=page)
        tables = compute_annual_report(
            organisation=page.organisation,
            year=page.year,
            include_departments=page.include_departments,
        )
        return diff_snapshots(page.tables_snapshot, snapshot_tables(tables))
