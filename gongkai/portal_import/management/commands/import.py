"""`gongkai import <url-or-folder> --layout hanweb|trs`: take an old portal over."""

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from wagtail.models import Site

from gongkai.portal_import.columns import PortalImportError, load_column_map
from gongkai.portal_import.layouts import LAYOUTS
from gongkai.portal_import.models import ItemStatus
from gongkai.portal_import.services import UNCHANGED, ImportReport, import_portal
from gongkai.portal_import.sources import SourceError, open_source

STATUS_LABELS = {
    **{value: str(label) for value, label in ItemStatus.choices},
    UNCHANGED: "未变",
}


def find_site(hostname: str | None) -> Site:
    if hostname:
        site = Site.objects.filter(hostname=hostname).first()
        if site is None:
            raise CommandError(f"站点“{hostname}”不存在。")
        return site
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise CommandError("没有默认站点，请用 --site 指定站点的主机名。")
    return site


class Command(BaseCommand):
    help = "从原有网站（大汉 JCMS 或拓尔思 TRS WCM）导入栏目和信息，保留原索引号和原网址（301 跳转）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="原网站的网址，或其镜像文件夹（网站根目录）")
        parser.add_argument(
            "--layout",
            required=True,
            help="原网站的系统：hanweb（大汉 JCMS）或 trs（拓尔思 TRS WCM）",
        )
        parser.add_argument("--site", help="导入到的站点主机名，默认为默认站点")
        parser.add_argument(
            "--column-map", help='栏目对应文件（JSON：{"原栏目标识": "新栏目路径"}）'
        )
        parser.add_argument(
            "--into", help="未对应的原栏目放在此栏目下（路径），默认为“历史栏目”"
        )
        parser.add_argument("--report", help="把导入对照表写入此 CSV 文件")

    def handle(self, *args: Any, source: str, layout: str, **options: Any) -> None:
        if layout not in LAYOUTS:
            raise CommandError(
                f"不支持的网站系统“{layout}”，可选：{'、'.join(LAYOUTS)}。"
            )
        try:
            site = find_site(options.get("site"))
            mapping = load_column_map(site, options.get("column_map"))
            reader = open_source(source)
            report = import_portal(
                source=reader,
                layout=LAYOUTS[layout](),
                site=site,
                into=options.get("into"),
                mapping=mapping,
                progress=lambda message: self.stdout.write(message),
            )
        except (PortalImportError, SourceError) as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(
                "导入失败（数据库错误）：" + " ".join(str(exc).split())
            ) from exc
        if not report.entries and not report.columns:
            raise CommandError(
                f"在“{source}”中没有找到 {layout} 网站的栏目或信息，请检查地址和 --layout。"
            )
        self._summary(report)
        if options.get("report"):
            self._write_csv(options["report"], report)

    def _summary(self, report: ImportReport) -> None:
        self.stdout.write(
            f"栏目 {report.columns} 个（新建 {report.columns_created} 个）；信息 {len(report.entries)} 条：新建 "
            f"{report.created}，更新 {report.updated}，未变 {report.count(UNCHANGED)}，"
            f"仅登记旧地址 {report.count(ItemStatus.LINKED)}，需人工处理 {report.count(ItemStatus.ATTENTION)}，"
            f"跳过 {report.count(ItemStatus.SKIPPED)}"
        )
        for entry in report.entries:
            if entry.status in (ItemStatus.ATTENTION, ItemStatus.SKIPPED):
                self.stdout.write(
                    f"{STATUS_LABELS[entry.status]}：{entry.legacy_path}：{'；'.join(entry.reasons)}"
                )

    def _write_csv(self, path: str, report: ImportReport) -> None:
        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["原地址", "状态", "新地址", "原因"])
                for entry in report.entries:
                    writer.writerow(
                        [
                            entry.legacy_path,
                            STATUS_LABELS[entry.status],
                            entry.new_url,
                            "；".join(entry.reasons),
                        ]
                    )
        except OSError as exc:
            raise CommandError(f"无法写入导入对照表“{path}”：{exc.strerror}") from exc
        self.stdout.write(f"导入对照表：{path}")
