"""`gongkai archive`: write the published site(s) as WARC + CDXJ (网页归档)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.opendata.archive import ArchiveError, archive_site
from gongkai.publishing.management.commands._sites import select_sites
from gongkai.publishing.services import PublishError, get_site_folder


def default_output() -> Path:
    return Path(settings.DATA_DIR) / "archive"


class Command(BaseCommand):
    help = "网页归档：把已发布的站点写成 WARC 文件及其 CDXJ 索引（未变化的文件记为 revisit）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site", metavar="HOSTNAME", help="只归档该主机名的站点（默认全部站点）"
        )
        parser.add_argument(
            "--output",
            metavar="DIR",
            type=Path,
            help="归档目录（默认 $GONGKAI_DATA_DIR/archive/<站点>/）",
        )

    def handle(
        self, *args: Any, site: str | None, output: Path | None, **options: Any
    ) -> None:
        refused = 0
        for each in select_sites(site):
            folder = (output or default_output()) / get_site_folder(each)
            try:
                report = archive_site(site=each, output=folder, now=timezone.now())
            except (ArchiveError, PublishError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"{each.hostname}：{report.warc}（{report.responses} 个文件，"
                f"{report.revisits} 个与上次归档相同，{report.payload_bytes} 字节）；索引 {report.index}"
            )
            for path in report.refused:
                self.stdout.write(f"  未归档（与发布记录不一致或缺失）：{path}")
            refused += len(report.refused)
        if refused:
            raise CommandError(
                f"{refused} 个文件与发布记录不一致或缺失，未归档；请先运行 gongkai verify。"
            )
