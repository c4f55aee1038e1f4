"""Writes on applications. Every service is keyword-only, atomic, checks that the
acting user handles the application's department (PermissionDenied otherwise),
records an ApplicationEvent and recomputes the due date; a step the state or the
law does not allow raises ApplicationError with a Chinese message."""

from ..selectors import get_application_for_status
from .appeals import decide_appeal, record_appeal
from .clock import extend_deadline, finish_consultation, start_consultation
from .cohandling import answer_cohandling
from .common import ApplicationError, refresh_due_on
from .correction import (
    close_for_missing_correction,
    record_correction,
    request_correction,
)
from .delivery import (
    add_reply_attachment,
    record_delivery,
    record_download,
    remove_reply_attachment,
)
from .fees import close_for_unpaid_fee, issue_fee_notice, record_fee_paid
from .intake import (
    DATA_FIELDS,
    assign_department,
    build_application,
    confirm_receipt,
    register_application,
    submit_application,
    submit_with_form_token,
    take_application,
)
from .replies import reply, withdraw
from .transfer import TRANSFERABLE_STATUSES, transfer_application

__all__ = [
    "DATA_FIELDS",
    "TRANSFERABLE_STATUSES",
    "ApplicationError",
    "add_reply_attachment",
    "answer_cohandling",
    "assign_department",
    "build_application",
    "close_for_missing_correction",
    "close_for_unpaid_fee",
    "confirm_receipt",
    "decide_appeal",
    "extend_deadline",
    "finish_consultation",
    "get_application_for_status",
    "issue_fee_notice",
    "record_appeal",
    "record_correction",
    "record_delivery",
    "record_download",
    "record_fee_paid",
    "refresh_due_on",
    "register_application",
    "remove_reply_attachment",
    "reply",
    "request_correction",
    "start_consultation",
    "submit_application",
    "submit_with_form_token",
    "take_application",
    "transfer_application",
    "withdraw",
]
