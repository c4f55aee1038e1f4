"""`gongkai inspect`: self-inspection against 国办秘函〔2019〕19号; exit 1 on a 单项否决 item.

`--store` keeps the run and its findings (the admin's latest run, history and trend): what
the daily systemd timer (docs/deploy/systemd/gongkai-inspect.timer) or cron runs."""

import json
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.inspection.crawl import DEFAULT_LIMIT
from gongkai.inspection.fetchers import check_url
from gongkai.inspection.models import RunMode, RunStatus, RunTrigger
from gongkai.inspection.probes import probe_due_sites
from gongkai.inspection.rules import SEVERITY_LABELS
from gongkai.inspection.runs import run_now
from gongkai.inspection.services import CrawlOptions, inspect_site
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
        parser.add_argument(
            "--crawl",
            metavar="URL",
            help=_(
                "同时在线抓取正在运行的网站（如 https://www.example.gov.cn/）：无法访问、过慢、混合内容"
            ),
        )
        parser.add_argument(
            "--crawl-limit",
            type=int,
            default=DEFAULT_LIMIT,
            help=_("在线抓取的页面数上限（首页和浅层页面优先）"),
        )
        parser.add_argument(
            "--incremental",
            action="store_true",
            help=_("与 --store 同用：只检查上次保存的检查以来发布清单中变化的页面文件"),
        )
        parser.add_argument(
            "--probe",
            action="store_true",
            help=_(
                "只访问一次各站点首页并保存结果（站点无法访问按近 7 天的访问记录判定；"
                "gongkai worker 和 gongkai serve 会定时访问）"
            ),
        )
        parser.add_argument(
            "--store",
            action="store_true",
            help=_(
                "保存检查记录（后台“网站自查”显示最近一次结果和趋势），供定时任务使用"
            ),
        )

    def handle(
        self,
        *args: Any,
        site: str | None,
        format: str,
        external: bool,
        store: bool,
        crawl: str | None,
        crawl_limit: int,
        incremental: bool,
        probe: bool,
        **options: Any,
    ) -> None:
        if probe:
            self._probe()
            return
        if incremental and not store:
            raise CommandError(_("--incremental 需要与 --store 一起使用。"))
        external_check = check_url if external else None
        crawl_options = None
        if crawl:
            if urlsplit(crawl).scheme not in ("http", "https") or crawl_limit < 1:
                raise CommandError(
                    _(
                        "--crawl 需要 http:// 或 https:// 开头的网址，--crawl-limit 需大于 0。"
                    )
                )
            crawl_options = CrawlOptions(base_url=crawl, limit=crawl_limit)
        checks: dict[str, Any] = {
            "external_check": external_check,
            "crawl_options": crawl_options,
        }
        if store:
            mode = RunMode.INCREMENTAL if incremental else RunMode.FULL
            self._store(select_sites(site), {**checks, "mode": mode})
            return
        reports = [
            inspect_site(
                site=each, external_check=external_check, crawl_options=crawl_options
            )
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

    def _probe(self) -> None:
        for each in probe_due_sites():
            state = _("可以打开") if each.reachable else _("无法打开")
            detail = each.error or (
                f"HTTP {each.status_code}" if each.status_code is not None else ""
            )
            self.stdout.write(
                _("%(site)s：首页%(state)s，用时 %(ms)d 毫秒 %(detail)s")
                % {
                    "site": each.site.hostname,
                    "state": state,
                    "ms": each.elapsed_ms or 0,
                    "detail": detail,
                }
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

    def _store(self, sites: Any, checks: dict[str, Any]) -> None:
        runs = [
            run_now(site=each, trigger=RunTrigger.SCHEDULE, **checks) for each in sites
        ]
        for run in runs:
            if run.status == RunStatus.DONE:
                self.stdout.write(
                    _(
                        "%(site)s：已保存%(mode)s检查记录 #%(id)d（%(files)d 个页面文件），"
                        "%(count)d 条问题，得分 %(score)s。"
                    )
                    % {
                        "site": run.site.hostname,
                        "mode": run.get_mode_display(),
                        "files": run.parsed_files,
                        "id": run.pk,
                        "count": run.finding_count,
                        "score": run.score,
                    }
                )
        broken = [run.site.hostname for run in runs if run.status != RunStatus.DONE]
        if broken:
            raise CommandError(
                _("检查出错：%(sites)s（详见后台检查记录）。")
                % {"sites": "、".join(broken)}
            )
        failed = [run.site.hostname for run in runs if run.failed]
        if failed:
            raise CommandError(
                _("单项否决：%(sites)s 存在单项否决项。") % {"sites": "、".join(failed)}
            )
