"""`gongkai publish_scheduled`: Wagtail's command of that name, run item by item.

Wagtail's own command stops at the first item whose publish raises (a go-live refused by a
publishing rule: 三同步, an unconfirmed 严重错别字), so one refused item would crash every
cron run and hold back the later ones. This app comes before Wagtail in INSTALLED_APPS, so
this command replaces it: it runs `schedule.run_schedule_once` (what `gongkai worker`
runs), prints what it did and each refusal (stderr, which cron mails), and exits 0.
`--dryrun` is still Wagtail's.
"""

from typing import Any

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from gongkai.editorial.schedule import run_schedule_once


class Command(WagtailCommand):
    help = "执行到期的定时发布和到期下线；未通过发布规则的条目撤出定时并报告，其余照常发布。"

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("dryrun"):
            super().handle(*args, **options)
            return
        run = run_schedule_once()
        self.stdout.write(run.summary())
        for line in run.refused:
            self.stderr.write(f"定时发布未执行：{line}")
        for line in run.failed:
            self.stderr.write(f"定时发布出错（下次重试）：{line}")
