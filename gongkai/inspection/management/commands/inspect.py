"""`gongkai inspect`: self-inspection against 国办秘函〔2019〕19号; exit 1 on a 单项否决 item."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.inspection.fetchers import check_url
from gongkai.inspection.rules import SEVERITY_LABELS
from gongkai.inspection.services import inspect_site
from gongkai.publishing.management.commands._sites import select_sites


class Command(BaseCommand):
    help = "网站自查：按政府网站检查指标检查栏目更新、空白栏目、链接、严重错别字、解读和元数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site", metavar="HOSTNAME", help=_("只检查该主机名的站点（默认全部站点）")
        )
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help=_("输出格式")
        )
        parser.add_argument(
            "--external", action="store_true", help=_("同时检查外部链接（需要联网）")
        )

    def handle(
        self, *args: Any, site: str | None, format: str, external: bool, **options: Any
    ) -> None:
        reports = [
            inspect_site(site=each, external_check=check_url if external else None)
            for each in select_sites(site)
        ]
        if format == "json":
            self.stdout.write(
                json.dumps(
                    [report.as_dict() for report in reports],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for report in reports:
                self._print(report)
        failed = [report.site.hostname for report in reports if report.failed]
        if failed:
            raise CommandError(
                _("单项否决：%(sites)s 存在单项否决项。") % {"sites": "、".join(failed)}
            )

    def _print(self, report: Any) -> None:
        host = report.site.hostname
        status = _("不合格（单项否决）") if report.failed else _("未发现单项否决项")
        self.stdout.write(
            _("%(site)s：%(status)s，共 %(count)d 条问题。")
            % {"site": host, "status": status, "count": len(report.findings)}
        )
        for finding in report.findings:
            where = f" [{finding.location}]" if finding.location else ""
            self.stdout.write(
                f"  [{SEVERITY_LABELS[finding.severity]}] {finding.message}{where}"
            )
