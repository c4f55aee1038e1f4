from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from gongkai.search import lm_store
from gongkai.search.indexing import rebuild_index


class Command(BaseCommand):
    help = "全文检索索引维护：gongkai search rebuild 重建索引并显示进度。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="重建公开检索索引（及后台检索索引）")
        rebuild.add_argument("--batch-size", type=int, default=200)
        rebuild.add_argument(
            "--public-only",
            action="store_true",
            help="只重建公开检索索引，不重建后台检索索引",
        )

    def handle(
        self,
        *args: Any,
        action: str,
        batch_size: int,
        public_only: bool,
        **options: Any,
    ) -> None:
        if batch_size < 1:
            raise CommandError(_("--batch-size 必须是正整数。"))
        try:
            count = rebuild_index(batch_size=batch_size, progress=self._progress)
        except DatabaseError as exc:
            raise CommandError(
                _("重建检索索引失败：%(error)s") % {"error": exc}
            ) from exc
        self.stdout.write(_("公开检索索引已重建：%(n)d 条信息。") % {"n": count})
        # Here, not in a request: the misspelling correction's model of the new index.
        lm_store.build_if_stale()
        self.stdout.write(_("纠错语言模型已更新。"))
        if not public_only:
            call_command("update_index", verbosity=0)
            self.stdout.write(_("后台检索索引已重建。"))

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(
            _("已索引 %(done)d / %(total)d") % {"done": done, "total": total}
        )
