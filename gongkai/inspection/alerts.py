"""Mail to the site's 公开办 when a stored run finds a 单项否决 (veto) indicator red that
the site's previous stored run had green (issue #17 item 4).

"Turned red" is per indicator: a veto that stays red from run to run is mailed once, when
it first appears, and again only after a run where it was green. The daily scheduled run
therefore mails nobody twice for the same fault. Mail goes through Django's backend, so
GONGKAI_EMAIL_URL decides where (production without it: nothing is attempted); a mail
server that is down costs the mail, never the run (logged).

Recipients: the active users with an address who hold the 公开办 role
(Role.DISCLOSURE_OFFICER) of the organisation owning the site's home page, or, when no
organisation owns it, of every top-level government. Without any, the run logs a warning."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse

from gongkai.core.enums import OrganisationKind
from gongkai.core.mail import send_notice
from gongkai.core.models import Organisation
from gongkai.editorial.departments import organisation_for_page
from gongkai.editorial.enums import Role
from gongkai.editorial.models import RoleGroup

from .models import InspectionRun, RunFinding, RunStatus
from .rules import Severity
from .ruleset import DEFAULT_RULES

logger = logging.getLogger(__name__)


def veto_rules(run: InspectionRun) -> dict[str, int]:
    """{rule code: findings} of the run's 单项否决 findings (one GROUP BY, as
    runs._count_stored counts a run)."""
    return dict(
        RunFinding.objects.filter(run=run, severity=Severity.VETO)
        .order_by()
        .values_list("rule")
        .annotate(count=Count("pk"))
        .values_list("rule", "count")
    )


def previous_run(run: InspectionRun) -> InspectionRun | None:
    return (
        InspectionRun.objects.filter(site_id=run.site_id, status=RunStatus.DONE)
        .exclude(pk=run.pk)
        .filter(pk__lt=run.pk)
        .order_by("-pk")
        .first()
    )


def turned_red(run: InspectionRun) -> dict[str, int]:
    """The veto indicators red in `run` and green (or not yet measured) in the run before."""
    now = veto_rules(run)
    if not now:
        return {}
    before = previous_run(run)
    was_red = set(veto_rules(before)) if before is not None else set()
    return {rule: count for rule, count in now.items() if rule not in was_red}


def office_addresses(run: InspectionRun) -> list[str]:
    site = run.site
    owner = organisation_for_page(site.root_page)
    organisations = (
        Organisation.objects.filter(pk=owner.pk)
        if owner is not None
        else Organisation.objects.filter(parent=None, kind=OrganisationKind.GOVERNMENT)
    )
    groups = RoleGroup.objects.filter(
        organisation__in=organisations, role=Role.DISCLOSURE_OFFICER
    ).values("group_id")
    addresses = (
        get_user_model()
        .objects.filter(groups__in=groups, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(addresses))


def mail_if_veto_turned_red(run: InspectionRun) -> int:
    """Mail the 公开办 about veto indicators that turned red in `run`; the mails sent."""
    red = turned_red(run)
    if not red:
        return 0
    recipients = office_addresses(run)
    if not recipients:
        logger.warning(
            "inspection run %s: 单项否决 turned red on %s, but no 公开办 address to mail",
            run.pk,
            run.site.hostname,
        )
        return 0
    lines = [
        f"{DEFAULT_RULES[rule].label if rule in DEFAULT_RULES else rule}：{count} 项"
        for rule, count in sorted(red.items())
    ]
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "gongkai_inspection_report"
    )
    body = "\n".join(
        [
            f"网站 {run.site.hostname} 的自查（{run.finished_at:%Y-%m-%d %H:%M}）"
            "发现以下单项否决指标由合格变为不合格：",
            "",
            *lines,
            "",
            "单项否决任一项不合格，网站普查即判定为不合格。请登录后台“网站自查”查看并整改：",
            link,
            "",
            "此邮件由系统发送，请勿回复。",
        ]
    )
    # A mail server that is down leaves the stored run standing (core.mail).
    subject = f"网站自查：{run.site.hostname} 出现单项否决问题"
    return send_notice(subject, body, recipients, what="inspection veto")
