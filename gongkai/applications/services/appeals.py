"""Administrative reconsiderations and lawsuits about an application (table 4)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import AppealKind, AppealOutcome, EventKind
from ..models import Appeal, Application
from .common import ApplicationError, begin, day_or_today, not_before, record_event


@transaction.atomic
def record_appeal(
    *,
    application: Application,
    acting_user: Any,
    kind: str,
    filed_on: date,
    authority: str = "",
    case_number: str = "",
    note: str = "",
) -> Appeal:
    """Record a reconsideration or lawsuit about the application (table 4; 尚未审结)."""
    begin(application, acting_user)
    if kind not in AppealKind.values:
        raise ApplicationError(_("请选择行政复议或行政诉讼的类型。"))
    filed_on = day_or_today(filed_on)
    appeal = Appeal.objects.create(
        application=application,
        kind=kind,
        filed_on=filed_on,
        authority=authority.strip(),
        case_number=case_number.strip(),
        note=note.strip(),
    )
    record_event(
        application,
        EventKind.APPEAL_RECORDED,
        actor=acting_user,
        note=appeal.note,
        data={"appeal": appeal.pk, "kind": kind, "filed_on": filed_on.isoformat()},
    )
    return appeal


@transaction.atomic
def decide_appeal(
    *,
    appeal: Appeal,
    acting_user: Any,
    outcome: str,
    decided_on: date | None = None,
    note: str = "",
) -> Appeal:
    """Record the outcome of a reconsideration or lawsuit (维持/纠正/其他)."""
    begin(appeal.application, acting_user)
    appeal.refresh_from_db()
    if appeal.outcome != AppealOutcome.PENDING:
        raise ApplicationError(_("该案件已登记审结结果。"))
    if outcome not in AppealOutcome.values or outcome == AppealOutcome.PENDING:
        raise ApplicationError(_("请选择结果维持、结果纠正或其他结果。"))
    decided_on = day_or_today(decided_on)
    not_before(decided_on, appeal.filed_on, _("申请/起诉日期"))
    appeal.outcome, appeal.decided_on = outcome, decided_on
    appeal.note = "\n".join(filter(None, [appeal.note, note.strip()]))
    appeal.save(update_fields=["outcome", "decided_on", "note"])
    record_event(
        appeal.application,
        EventKind.APPEAL_DECIDED,
        actor=acting_user,
        note=note.strip(),
        data={
            "appeal": appeal.pk,
            "outcome": outcome,
            "decided_on": decided_on.isoformat(),
        },
    )
    return appeal
