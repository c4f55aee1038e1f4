"""The end of an application: the reply with its result type (a row of table 3) and
withdrawal by the applicant (其他处理 3)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import (
    CLOSING_RESULTS,
    OPEN_STATUSES,
    EventKind,
    ResultGroup,
    ResultType,
    Status,
)
from ..models import Application
from .common import (
    ApplicationError,
    begin,
    conclude,
    day_or_today,
    not_before,
    record_event,
    save_fields,
)
from .delivery import notify_applicant_of_reply

# What a refused reply says, by the application's status.
REPLY_REFUSALS = {
    Status.SUBMITTED: gettext_lazy("请先确认收到该申请。"),
    Status.AWAITING_CORRECTION: gettext_lazy(
        "申请人尚未补正，不能作出答复；逾期未补正的，请按逾期不补正终止办理。"
    ),
    Status.AWAITING_PAYMENT: gettext_lazy("申请人尚未缴纳信息处理费，不能作出答复。"),
    Status.REPLIED: gettext_lazy("该申请已经答复，不能再次答复。"),
    Status.CLOSED: gettext_lazy("该申请已终止办理，不能再作出答复。"),
    Status.WITHDRAWN: gettext_lazy("申请人已撤回申请，不能再作出答复。"),
}
PARTIAL_REASON_GROUPS = (ResultGroup.WITHHELD, ResultGroup.UNAVAILABLE)


def check_result(result_type: str, partial_reasons: Iterable[str]) -> list[str]:
    """Validate the result and, for 部分公开, the reasons for the withheld part."""
    if result_type not in ResultType.values:
        raise ApplicationError(_("请选择办理结果。"))
    if result_type in CLOSING_RESULTS:
        raise ApplicationError(_("逾期不补正、逾期未缴费请使用相应的终止办理操作。"))
    reasons = list(dict.fromkeys(partial_reasons))
    if result_type != ResultType.PARTIALLY_DISCLOSED:
        if reasons:
            raise ApplicationError(_("只有部分公开需要选择不予公开部分的理由。"))
        return []
    if not reasons:
        raise ApplicationError(_("部分公开应选择不予公开部分的理由。"))
    if any(
        r not in ResultType.values or ResultType(r).group not in PARTIAL_REASON_GROUPS
        for r in reasons
    ):
        raise ApplicationError(_("部分公开的理由只能是不予公开或无法提供的情形。"))
    return reasons


@transaction.atomic
def reply(
    *,
    application: Application,
    acting_user: Any,
    result_type: str,
    replied_on: date | None = None,
    partial_reasons: Iterable[str] = (),
    document_number: str = "",
    text: str = "",
    responsible_agency: str = "",
    published_location: str = "",
    public_title: str = "",
) -> Application:
    """Answer the application with one result type (a row of table 3, counted once)."""
    begin(application, acting_user)
    reasons = _check_reply(application, result_type, partial_reasons)
    replied_on = day_or_today(replied_on)
    started_on = application.corrected_on or application.received_on
    not_before(replied_on, started_on, _("收到申请日期"))
    save_fields(
        application,
        partial_reasons=reasons,
        reply_document_number=document_number.strip(),
        reply_text=text.strip(),
        responsible_agency=responsible_agency.strip(),
        published_location=published_location.strip(),
        public_title=public_title.strip(),
    )
    conclude(application, ResultType(result_type), Status.REPLIED, replied_on)
    late = application.due_on is not None and replied_on > application.due_on
    data = {
        "result_type": result_type,
        "replied_on": replied_on.isoformat(),
        "late": late,
    }
    record_event(application, EventKind.REPLIED, actor=acting_user, data=data)
    pk = application.pk
    transaction.on_commit(
        lambda: notify_applicant_of_reply(Application.objects.get(pk=pk))
    )
    return application


def _check_reply(
    application: Application, result_type: str, partial_reasons: Iterable[str]
) -> list[str]:
    if application.status != Status.IN_PROGRESS:
        raise ApplicationError(str(REPLY_REFUSALS[Status(application.status)]))
    reasons = check_result(result_type, partial_reasons)
    unclear = result_type == ResultType.UNAVAILABLE_STILL_UNCLEAR
    if unclear and application.correction_requested_on is None:
        raise ApplicationError(
            _("未告知补正的申请不能以“补正后申请内容仍不明确”答复。")
        )
    if application.consultations.filter(finished_on__isnull=True).exists():
        raise ApplicationError(_("尚有未结束的征求意见，请先登记意见。"))
    return reasons


@transaction.atomic
def withdraw(
    *,
    application: Application,
    acting_user: Any,
    withdrawn_on: date | None = None,
    note: str = "",
) -> Application:
    """Record that the applicant withdrew the application (其他处理 3)."""
    begin(application, acting_user)
    if application.status == Status.WITHDRAWN:
        raise ApplicationError(_("该申请已撤回。"))
    if application.status not in OPEN_STATUSES:
        raise ApplicationError(_("该申请已办结，不能撤回。"))
    withdrawn_on = day_or_today(withdrawn_on)
    conclude(application, ResultType.OTHER, Status.WITHDRAWN, withdrawn_on)
    record_event(
        application,
        EventKind.WITHDRAWN,
        actor=acting_user,
        note=note,
        data={"withdrawn_on": withdrawn_on.isoformat()},
    )
    return application
