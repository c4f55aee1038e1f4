"""The office's actions on an application: for each, its form, when it is offered and
the service it calls. The views stay generic; services still check everything."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from . import services
from .enums import CLOCK_STATUSES, OPEN_STATUSES, Status
from .forms import (
    AppealForm,
    AssignForm,
    CloseForm,
    ConfirmReceiptForm,
    ConsultationForm,
    CorrectionRecordForm,
    CorrectionRequestForm,
    DecideAppealForm,
    DeliveryForm,
    EmptyForm,
    ExtensionForm,
    FeeNoticeForm,
    FeePaidForm,
    FinishConsultationForm,
    HandlerForm,
    ReplyForm,
    TransferForm,
    WithdrawForm,
)
from .models import Application


@dataclass(frozen=True)
class Action:
    label: str
    form_class: type[forms.Form]
    run: Callable[[Application, Any, dict[str, Any], Any], Any]
    is_available: Callable[[Application], bool]
    initial: Callable[[Application], dict[str, Any]] = lambda application: {}
    target: str = ""  # "consultation" or "appeal" when the action is on a related row
    # Extra arguments of the form (e.g. the application, to scope its choices).
    form_kwargs: Callable[[Application], dict[str, Any]] = lambda application: {}


def _status(*statuses: str) -> Callable[[Application], bool]:
    return lambda application: application.status in statuses


def _correction_requestable(application: Application) -> bool:
    return (
        application.status == Status.IN_PROGRESS
        and application.correction_requested_on is None
    )


def _extendable(application: Application) -> bool:
    return (
        application.status in CLOCK_STATUSES and not application.extension_working_days
    )


def _fee_issuable(application: Application) -> bool:
    return application.status == Status.IN_PROGRESS and not hasattr(
        application, "fee_notice"
    )


def _call(service: Callable[..., Any], **renames: str) -> Callable[..., Any]:
    """Adapt a service: form fields become keyword arguments (renamed as given)."""

    def run(
        application: Application, user: Any, data: dict[str, Any], target: Any
    ) -> Any:
        kwargs = {renames.get(key, key): value for key, value in data.items()}
        if target is not None:
            return service(acting_user=user, **{_target_name(target): target}, **kwargs)
        return service(application=application, acting_user=user, **kwargs)

    return run


def _target_name(target: Any) -> str:
    return type(target).__name__.lower()


def _record_correction(
    application: Application, user: Any, data: dict[str, Any], _t: Any
) -> Any:
    changes = {"title": data["title"], "description": data["description"]}
    return services.record_correction(
        application=application,
        acting_user=user,
        corrected_on=data["corrected_on"],
        changes=changes,
        note=data["note"],
    )


ACTIONS: dict[str, Action] = {
    "confirm": Action(
        "确认收到",
        ConfirmReceiptForm,
        _call(services.confirm_receipt),
        _status(Status.SUBMITTED),
    ),
    "take": Action(
        "承办", EmptyForm, _call(services.take_application), _status(*OPEN_STATUSES)
    ),
    "assign": Action(
        "分办",
        AssignForm,
        _call(services.assign_department),
        _status(*OPEN_STATUSES),
        initial=lambda a: {"department": a.department_id},
    ),
    "assign-handler": Action(
        "指定承办人",
        HandlerForm,
        lambda application, user, data, target: services.assign_department(
            application=application,
            acting_user=user,
            department=application.department,
            handler=data["handler"],
        ),
        _status(*OPEN_STATUSES),
        initial=lambda a: {"handler": a.handler_id},
        form_kwargs=lambda a: {"application": a},
    ),
    "transfer": Action(
        "转办",
        TransferForm,
        _call(services.transfer_application),
        lambda a: a.status in services.TRANSFERABLE_STATUSES,
        form_kwargs=lambda a: {"application": a},
    ),
    "request-correction": Action(
        "告知补正",
        CorrectionRequestForm,
        _call(services.request_correction),
        _correction_requestable,
    ),
    "record-correction": Action(
        "登记补正",
        CorrectionRecordForm,
        _record_correction,
        _status(Status.AWAITING_CORRECTION),
        initial=lambda a: {"title": a.title, "description": a.description},
    ),
    "close-no-correction": Action(
        "逾期不补正，终止办理",
        CloseForm,
        _call(services.close_for_missing_correction),
        _status(Status.AWAITING_CORRECTION),
    ),
    "consult": Action(
        "征求意见",
        ConsultationForm,
        _call(services.start_consultation),
        _status(Status.IN_PROGRESS),
    ),
    "finish-consultation": Action(
        "登记意见",
        FinishConsultationForm,
        _call(services.finish_consultation),
        _status(*OPEN_STATUSES),
        target="consultation",
    ),
    "extend": Action(
        "延期答复", ExtensionForm, _call(services.extend_deadline), _extendable
    ),
    "fee-notice": Action(
        "收费通知", FeeNoticeForm, _call(services.issue_fee_notice), _fee_issuable
    ),
    "fee-paid": Action(
        "登记缴费",
        FeePaidForm,
        _call(services.record_fee_paid),
        _status(Status.AWAITING_PAYMENT),
    ),
    "close-unpaid": Action(
        "逾期未缴费，终止办理",
        CloseForm,
        _call(services.close_for_unpaid_fee),
        _status(Status.AWAITING_PAYMENT),
    ),
    "reply": Action(
        "答复",
        ReplyForm,
        _call(services.reply),
        _status(Status.IN_PROGRESS),
        initial=lambda a: {"public_title": a.title},
    ),
    "deliver": Action(
        "登记送达（签收）",
        DeliveryForm,
        _call(services.record_delivery),
        lambda a: a.status == Status.REPLIED and a.delivered_on is None,
        initial=lambda a: {"method": a.delivery_method},
    ),
    "withdraw": Action(
        "撤回", WithdrawForm, _call(services.withdraw), _status(*OPEN_STATUSES)
    ),
    "appeal": Action(
        "登记复议/诉讼",
        AppealForm,
        _call(services.record_appeal),
        lambda a: a.received_on is not None,
    ),
    "decide-appeal": Action(
        "登记复议/诉讼结果",
        DecideAppealForm,
        _call(services.decide_appeal),
        lambda a: True,
        target="appeal",
    ),
}
