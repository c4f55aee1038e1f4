from typing import Any

from django.core.management.base import BaseCommand

from gongkai.interaction.tasks import remind_letters


class Command(BaseCommand):
    help = "提醒即将到期的来信，并将逾期未答复的来信上报公开办（每日运行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        found = remind_letters.call()
        self.stdout.write(
            f"已提醒即将到期来信 {len(found['reminded'])} 件，"
            f"上报逾期来信 {len(found['escalated'])} 件。"
        )
