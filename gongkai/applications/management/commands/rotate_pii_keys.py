from typing import Any

from django.core.management.base import BaseCommand

from gongkai.applications.services.personal_data import reencrypt_all


class Command(BaseCommand):
    help = (
        "用 GONGKAI_PII_KEYS 的第一个密钥重新加密全部申请人个人信息，并重算检索用散列值"
        "（轮换密钥：新密钥放在最前，运行本命令，再删去旧密钥）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reencrypt_all()
        self.stdout.write(f"已重新加密 {count} 件申请的个人信息。")
