"""信息处理费 (国办函〔2020〕109号): one notice per application under one scheme, the
20-working-day payment window, payment, and closing when unpaid (其他处理 2)."""

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from .. import fees
from ..deadlines import fee_payment_due_on
from ..enums import EventKind, FeeScheme, ResultType, Status
from ..models import Application, FeeNotice
from .common import (
    ApplicationError,
    begin,
    conclude,
    counted,
    day_or_today,
    not_before,
    record_event,
    refresh_due_on,
    require_status,
    save_fields,
)


def count_earlier_requests(application: Application) -> int:
    """件 the same applicant filed earlier in the calendar month with the same 行政机关.

    The 10 free 件 a month are counted per administrative organ (按件计收 is per 行政机关),
    not across the whole platform.

    An application split under 一事一申请 counts with the 件 of its own fee notice.
    """
    # Fees are charged on received applications only (the actions allow no other).
    received_on = cast(date, application.received_on)
    earlier = (
        Application.objects.filter(
            id_type=application.id_type,
            # The keyed hash: the number itself is encrypted (pii.py).
            id_number_hash=application.id_number_hash,
            department_id=application.department_id,
            received_on__year=received_on.year,
            received_on__month=received_on.month,
        )
        .exclude(pk=application.pk)
        .filter(received_on__lte=received_on)
        .select_related("fee_notice")
    )
    total = 0
    for other in earlier:
        if other.received_on == received_on and other.pk > application.pk:
            continue
        notice = getattr(other, "fee_notice", None)
        per_request = notice is not None and notice.scheme == FeeScheme.PER_REQUEST
        total += notice.quantity if notice is not None and per_request else 1
    return total


def compute_fee(
    application: Application, scheme: str, quantity: int
) -> tuple[int, int]:
    """(amount in yuan, earlier requests counted) for a notice under `scheme`."""
    if quantity < 1:
        raise ApplicationError(_("件数或页数应为正整数。"))
    if scheme == FeeScheme.PER_PAGE:
        return fees.per_page_fee(quantity), 0
    if scheme == FeeScheme.PER_REQUEST:
        earlier = count_earlier_requests(application)
        return fees.per_request_fee(
            earlier_requests=earlier, requests=quantity
        ), earlier
    raise ApplicationError(_("请选择按件计收或按量计收。"))


@transaction.atomic
def issue_fee_notice(
    *,
    application: Application,
    acting_user: Any,
    scheme: str,
    quantity: int,
    issued_on: date | None = None,
) -> FeeNotice:
    """Send a fee notice; the applicant pays within 20 working days from the next day.

    One notice per application, so one scheme (109号 Art. 3); refused when the amount
    is nothing, as processing is free by default (条例第四十二条).
    """
    begin(application, acting_user)
    _check_first_notice(application)
    issued_on = day_or_today(issued_on)
    not_before(issued_on, application.received_on, _("收到申请日期"))
    amount, earlier = compute_fee(application, scheme, quantity)
    if amount == 0:
        raise ApplicationError(_("未超过免费额度，不收取信息处理费。"))
    notice = FeeNotice.objects.create(
        application=application,
        scheme=scheme,
        quantity=quantity,
        earlier_requests=earlier,
        amount=Decimal(amount),
        issued_on=issued_on,
        payment_due_on=counted(lambda cal: fee_payment_due_on(issued_on, cal)),
    )
    save_fields(application, status=Status.AWAITING_PAYMENT)
    refresh_due_on(application)
    due = notice.payment_due_on.isoformat()
    data = {
        "scheme": scheme,
        "quantity": quantity,
        "amount": amount,
        "payment_due_on": due,
    }
    record_event(application, EventKind.FEE_NOTICE_ISSUED, actor=acting_user, data=data)
    return notice


def _check_first_notice(application: Application) -> None:
    existing = FeeNotice.objects.filter(application=application).first()
    if existing is not None:
        raise ApplicationError(
            _(
                "该申请已于%(day)s按%(scheme)s发出收费通知，同一申请只能按一种标准收费一次。"
            )
            % {"day": existing.issued_on, "scheme": existing.get_scheme_display()}
        )
    require_status(
        application, [Status.IN_PROGRESS], _("只有办理中的申请可以发出收费通知。")
    )


@transaction.atomic
def record_fee_paid(
    *, application: Application, acting_user: Any, paid_on: date | None = None
) -> FeeNotice:
    """Record the payment; the reply clock resumes."""
    begin(application, acting_user)
    require_status(application, [Status.AWAITING_PAYMENT], _("该申请不在待缴费状态。"))
    notice = application.fee_notice
    paid_on = day_or_today(paid_on)
    not_before(paid_on, notice.issued_on, _("收费通知日期"))
    if paid_on > notice.payment_due_on:
        raise ApplicationError(
            _("已超过缴费期限（%(day)s），应按逾期未缴费终止办理。")
            % {"day": notice.payment_due_on}
        )
    save_fields(notice, paid_on=paid_on)
    save_fields(application, status=Status.IN_PROGRESS)
    refresh_due_on(application)
    record_event(
        application,
        EventKind.FEE_PAID,
        actor=acting_user,
        data={"paid_on": paid_on.isoformat()},
    )
    return notice


@transaction.atomic
def close_for_unpaid_fee(
    *, application: Application, acting_user: Any, closed_on: date | None = None
) -> Application:
    """Stop handling an application whose fee was not paid in time (其他处理 2)."""
    begin(application, acting_user)
    require_status(application, [Status.AWAITING_PAYMENT], _("该申请不在待缴费状态。"))
    notice = application.fee_notice
    closed_on = day_or_today(closed_on)
    if closed_on <= notice.payment_due_on:
        raise ApplicationError(
            _("缴费期限（%(day)s）尚未届满，不能按逾期未缴费处理。")
            % {"day": notice.payment_due_on}
        )
    conclude(application, ResultType.OTHER_FEE_UNPAID, Status.CLOSED, closed_on)
    record_event(
        application,
        EventKind.CLOSED_FEE_UNPAID,
        actor=acting_user,
        data={"closed_on": closed_on.isoformat()},
    )
    return application
