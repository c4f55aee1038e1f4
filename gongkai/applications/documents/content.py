"""The text of each notice, filled from the application; renderers lay it out.

Notices carry no ID numbers or phone numbers. The consultation letter goes to a third
party, so it names neither the applicant nor the tracking code.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import (
    ApplicantKind,
    ConsultationKind,
    EventKind,
    FeeScheme,
    ResultType,
    Status,
)
from ..models import Application, Consultation
from .reply_wording import citation, wording_for

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Notice:
    title: str
    number: str  # the document number line
    addressee: str
    paragraphs: tuple[str, ...]
    organisation: str
    dated: date
    filename: str


class DocumentUnavailable(Exception):
    """The application has not reached the step that produces this notice."""


def chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _you(application: Application) -> str:
    return (
        "您单位" if application.applicant_kind == ApplicantKind.LEGAL_PERSON else "您"
    )


def _opening(application: Application) -> str:
    return (
        f"{chinese_date(application.received_on)}，本机关收到{_you(application)}提交的政府信息公开"
        f"申请（申请编号：{application.display_tracking_code}），申请获取“{application.title}”。"
    )


def _notice(
    application: Application,
    title: str,
    paragraphs: list[str],
    dated: date | None,
    slug: str,
    number: str = "",
) -> Notice:
    return Notice(
        title=title,
        number=number or f"申请编号：{application.display_tracking_code}",
        addressee=f"{application.applicant_name}：",
        paragraphs=tuple(p for p in paragraphs if p),
        organisation=application.department.name,
        dated=dated or application.received_on or timezone.localdate(),
        filename=f"{slug}-{application.display_tracking_code}",
    )


def build_receipt(application: Application) -> Notice:
    """受理回执: the receipt date and the reply deadline (Arts. 31, 33)."""
    if application.received_on is None:
        raise DocumentUnavailable(_("该申请尚未确认收到，不能出具受理回执。"))
    due_on = _due_on_at_receipt(application)
    due = (
        f"本机关将依照{REGULATION}第三十三条的规定，在{chinese_date(due_on)}前作出答复"
        "（征求第三方或者其他机关意见所需时间不计算在内；需要延长答复期限的，将另行书面告知）。"
        if due_on
        else f"本机关将依照{REGULATION}第三十三条规定的期限作出答复。"
    )
    paragraphs = [
        _opening(application) + "经登记，本机关已受理该申请。",
        due,
        "您可以凭申请编号和联系电话后四位在网站查询办理进度。",
    ]
    return _notice(
        application,
        "政府信息公开申请受理回执",
        paragraphs,
        application.received_on,
        "受理回执",
    )


def _due_on_at_receipt(application: Application) -> date | None:
    """The due date as it stood at receipt, recorded in the receipt event."""
    event = application.events.filter(kind=EventKind.RECEIPT_CONFIRMED).first()
    due_on = event.data.get("due_on") if event else None
    return date.fromisoformat(due_on) if due_on else None


def build_correction_notice(application: Application) -> Notice:
    """补正告知书 (Arts. 29, 30)."""
    if application.correction_requested_on is None:
        raise DocumentUnavailable(_("该申请未告知补正。"))
    paragraphs = [
        _opening(application),
        f"经审查，{_you(application)}的申请内容不明确。依据{REGULATION}第二十九条第二款、第三十条的"
        f"规定，请于{chinese_date(application.correction_due_on)}前对下列事项作出补正：",
        application.correction_items,
        "答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，"
        "本机关将不再处理该政府信息公开申请。",
    ]
    return _notice(
        application,
        "政府信息公开申请补正告知书",
        paragraphs,
        application.correction_requested_on,
        "补正告知书",
    )


def build_extension_notice(application: Application) -> Notice:
    """延期答复告知书 (Art. 33 paragraph 2)."""
    if not application.extension_working_days:
        raise DocumentUnavailable(_("该申请未延期答复。"))
    paragraphs = [
        _opening(application),
        f"因{application.extension_reason}，本机关不能在规定期限内作出答复。经政府信息公开工作机构"
        f"负责人同意，依据{REGULATION}第三十三条第二款的规定，答复期限延长"
        f"{application.extension_working_days}个工作日，本机关将于"
        f"{chinese_date(application.due_on)}前作出答复。",
    ]
    return _notice(
        application,
        "政府信息公开申请延期答复告知书",
        paragraphs,
        application.extended_on,
        "延期答复告知书",
    )


def build_fee_notice(application: Application) -> Notice:
    """收费通知书 (条例 Art. 42, 国办函〔2020〕109号): amount, basis and payment period."""
    notice = getattr(application, "fee_notice", None)
    if notice is None:
        raise DocumentUnavailable(_("该申请未发出收费通知。"))
    if notice.scheme == FeeScheme.PER_REQUEST:
        basis = (
            f"本月{_you(application)}此前已向本机关提出政府信息公开申请{notice.earlier_requests}件，"
            f"本次申请为第{notice.earlier_requests + notice.quantity}件，超出按件计收的免费件数"
        )
    else:
        basis = f"本次申请所需政府信息共{notice.quantity}页，超出按量计收的免费页数"
    paragraphs = [
        _opening(application),
        f"{basis}。依据{REGULATION}第四十二条和《政府信息公开信息处理费管理办法》"
        f"（国办函〔2020〕109号）的规定，{_you(application)}应缴纳信息处理费"
        f"人民币{notice.amount:.2f}元（{FeeScheme(notice.scheme).label}）。",
        f"请于{chinese_date(notice.payment_due_on)}前缴纳。本机关自收到费用之日起继续处理"
        "该申请，通知缴费至缴费之间的时间不计算在答复期限内。逾期未缴纳的，视为放弃申请，"
        "本机关将不再处理该政府信息公开申请。",
    ]
    return _notice(
        application,
        "政府信息公开信息处理费缴费通知书",
        paragraphs,
        notice.issued_on,
        "收费通知书",
    )


def build_consultation_letter(consultation: Consultation) -> Notice:
    """第三方意见征询函 (Art. 32) or 征求意见函 to another agency (Art. 34)."""
    application = consultation.application
    is_third_party = consultation.kind == ConsultationKind.THIRD_PARTY
    reason = (
        f"该申请涉及的政府信息公开后可能损害贵方的合法权益。依据{REGULATION}第三十二条的规定，"
        if is_third_party
        else f"该申请涉及的政府信息由本机关与贵机关共同制作。依据{REGULATION}第三十四条的规定，"
    )
    silence = (
        "逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
        if is_third_party
        else "逾期未提出意见的，视为同意公开。"
    )
    paragraphs = [
        f"本机关于{chinese_date(application.received_on)}收到一件政府信息公开申请，"
        f"申请获取“{application.title}”。",
        reason
        + f"现书面征求贵方意见，请于收到本函之日起15个工作日内（{chinese_date(consultation.reply_due_on)}前）"
        "提出是否同意公开的书面意见，不同意公开的请说明理由。",
        silence,
    ]
    title = (
        "政府信息公开第三方意见征询函" if is_third_party else "政府信息公开征求意见函"
    )
    notice = _notice(
        application,
        title,
        paragraphs,
        consultation.started_on,
        "意见征询函",
        number=f"征询编号：{application.pk}-{consultation.pk}",
    )
    return replace(
        notice,
        addressee=f"{consultation.party}：",
        filename=f"意见征询函-{application.pk}-{consultation.pk}",
    )


def build_reply(application: Application) -> Notice:
    """答复书: the wording and the article vary with the result type (Arts. 36-39)."""
    if not application.result_type:
        raise DocumentUnavailable(_("该申请尚未作出答复。"))
    wording = wording_for(application)
    text = wording.text.format(**_placeholders(application))
    cited = citation(wording)
    paragraphs = [
        _opening(application) + _corrected(application),
        "现答复如下：" + text,
        application.reply_text,
        f"以上答复{cited}作出。" if cited else "",
        _remedy(application),
    ]
    return _notice(
        application,
        "政府信息公开申请答复书",
        paragraphs,
        application.concluded_on,
        "答复书",
        number=application.reply_document_number,
    )


def _corrected(application: Application) -> str:
    if application.corrected_on is None:
        return ""
    return f"{chinese_date(application.corrected_on)}，{_you(application)}补正了申请。"


def _remedy(application: Application) -> str:
    if application.status == Status.WITHDRAWN:
        return ""
    return (
        "如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，"
        "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
    )


def _placeholders(application: Application) -> dict[str, str]:
    fee = getattr(application, "fee_notice", None)
    reasons = "、".join(ResultType(r).row_label for r in application.partial_reasons)
    return {
        "reasons": reasons,
        "published_location": application.published_location,
        "responsible_agency": application.responsible_agency,
        "correction_requested_on": chinese_date(application.correction_requested_on),
        "correction_due_on": chinese_date(application.correction_due_on),
        "fee_issued_on": chinese_date(fee.issued_on) if fee else "",
        "fee_due_on": chinese_date(fee.payment_due_on) if fee else "",
        "concluded_on": chinese_date(application.concluded_on),
    }
