"""`gongkai deploy nginx-headers`: the files a deployment copies from the application."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.publishing.nginx_headers import nginx_header_files


class Command(BaseCommand):
    help = "生成部署文件：nginx-headers 输出 nginx 的安全响应头配置（与应用同一定义）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["nginx-headers"], help="要生成的文件")
        parser.add_argument(
            "--write",
            metavar="DIR",
            help="写入该目录（security-headers.conf 与 security-headers-https.conf）；默认输出到标准输出",
        )

    def handle(self, *args: Any, what: str, write: str | None, **options: Any) -> None:
        files = nginx_header_files()
        if write is None:
            for name, text in files.items():
                self.stdout.write(f"# ---- {name}\n{text}", ending="")
            return
        folder = Path(write)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
            self.stdout.write(f"{folder / name}")
