"""Builders of 互动交流 test data."""

from datetime import date
from typing import Any

from gongkai.interaction import services
from gongkai.interaction.models import Channel, Letter


def create_channel(
    kind: str = "consult", *, name: str = "", days: int = 5, **fields
) -> Channel:
    names = {"consult": "政务咨询", "mailbox": "领导信箱", "complaint": "投诉建议"}
    return Channel.objects.create(
        name=name or names[kind], kind=kind, reply_working_days=days, **fields
    )


def create_letter(channel: Channel, organisation, *, today: date, **fields) -> Letter:
    data: dict[str, Any] = {
        "name": "李四",
        "phone": "13812345678",
        "email": "",
        "subject": "来信",
        "body": "内容",
        "wants_public": True,
    }
    data.update(fields)
    return services.submit_letter(
        channel=channel, organisation=organisation, today=today, **data
    )
