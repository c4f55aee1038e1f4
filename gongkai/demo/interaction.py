"""Demo of 互动交流: accounts `education-hudong` and `office-hudong` (demo department
password) and a few letters, one of them answered and published."""

import os
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from gongkai.core.models import Organisation
from gongkai.interaction import services
from gongkai.interaction.models import (
    Channel,
    InteractionOfficer,
    Letter,
    Solicitation,
)

from .editorial import department_password

ACCOUNTS = (("education-hudong", "education"), ("office-hudong", "office"))
LETTERS = (
    (
        "consult",
        "education",
        "关于小学入学报名时间的咨询",
        "请问今年小学新生报名从哪天开始？",
        True,
    ),
    (
        "mailbox",
        "office",
        "建议增设社区公交线路",
        "我住在多湖街道，附近公交班次较少，建议增设线路。",
        True,
    ),
    (
        "mailbox",
        "education",
        "校门口交通拥堵问题",
        "每天放学时校门口拥堵，联系电话13800001111。",
        False,
    ),
)


def _first_channel(kind: str) -> Channel:
    """The first channel of `kind` in the channels' order (ensure_default_channels made one)."""
    channel = Channel.objects.filter(kind=kind).first()
    if channel is None:
        raise RuntimeError(f"演示互动交流缺少“{kind}”栏目")
    return channel


def ensure_interaction_demo(*, organisations: dict[str, Organisation]) -> list[str]:
    access = Permission.objects.get(codename="access_admin")
    usernames = []
    for username, key in ACCOUNTS:
        account, created = get_user_model().objects.get_or_create(username=username)
        if created or "GONGKAI_DEMO_PASSWORD" in os.environ:
            account.set_password(department_password())
            account.save(update_fields=["password"])
        account.user_permissions.add(access)
        # The office's handler is also the 公开办 that overdue letters go to.
        InteractionOfficer.objects.update_or_create(
            user=account,
            organisation=organisations[key],
            defaults={"supervises": key == "office"},
        )
        usernames.append(username)
    services.ensure_default_channels()
    # A 领导信箱 addressed to a named leader: routed to the office without a choice.
    Channel.objects.get_or_create(
        name="区长信箱",
        defaults={
            "kind": "mailbox",
            "organisation": organisations["office"],
            "recipient": "区长",
            "reply_working_days": 10,
            "sort_order": 10,
        },
    )
    if not Letter.objects.exists():
        today = timezone.localdate()
        for index, (kind, key, subject, body, answered) in enumerate(LETTERS):
            letter = services.submit_letter(
                channel=_first_channel(kind),
                organisation=organisations[key],
                name="王小明",
                phone="13800001111",
                email="",
                subject=subject,
                body=body,
                wants_public=True,
                today=today - timedelta(days=20 - index),
            )
            if answered:
                services.reply_to_letter(
                    letter,
                    reply="您好，来信收悉。相关安排将在本网站发布，请留意。",
                    public_body=letter.public_body,
                    publish=True,
                    today=today,
                )
    _ensure_solicitations(organisations)
    return usernames


def _ensure_solicitations(organisations: dict[str, Organisation]) -> None:
    """One open 征集调查 and one closed with its 意见采纳情况 published."""
    if Solicitation.objects.exists():
        return
    today = timezone.localdate()
    Solicitation.objects.create(
        title="《金东区学前教育发展三年行动计划（征求意见稿）》公开征求意见",
        organisation=organisations["education"],
        draft="一、扩大普惠性学前教育资源。\n二、提升保教质量。",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=25),
    )
    services.submit_opinion(
        Solicitation.objects.create(
            title="金东区城区公交线网优化方案征求意见",
            organisation=organisations["office"],
            draft="调整3条公交线路，新增1条社区微循环线路。",
            starts_on=today - timedelta(days=60),
            ends_on=today - timedelta(days=30),
            adoption_summary="共收到意见1条，已采纳：新增多湖街道社区微循环线路。",
            summary_published=True,
        ),
        name="王小明",
        phone="13800001111",
        body="建议增加多湖街道的社区线路。",
        today=today - timedelta(days=45),
    )
