"""Choices of the 依申请公开 workflow.

ResultType holds exactly the 21 result rows of the annual report's table 3, section 三
(一)-(六) (国办公开办函〔2021〕30号; shared/reference/rules.md §2.3), in the official
order; the table's other four rows (新收, 上年结转, 总计, 结转下年度) are counts;
AppealKind and AppealOutcome are the columns of table 4 (§2.4).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人或其他组织")


class OrganisationType(models.TextChoices):
    """The five 法人或其他组织 columns of table 3."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    HONG_KONG_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    FOREIGN_PERMANENT_RESIDENCE = "foreign_residence", _("外国人永久居留身份证")
    OTHER = "other", _("其他有效身份证件")
    USCC = "uscc", _("统一社会信用代码")


class Channel(models.TextChoices):
    """How the application arrived; decides the receipt date (条例第三十一条)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_POST = "registered_post", _("挂号信/EMS")
    ORDINARY_POST = "ordinary_post", _("平信")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


class InformationForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")


class DeliveryMethod(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    COLLECT = "collect", _("当面领取")
    ONLINE = "online", _("网上获取")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    AWAITING_PAYMENT = "awaiting_payment", _("待缴费")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已终止办理")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.IN_PROGRESS,
    Status.AWAITING_CORRECTION,
    Status.AWAITING_PAYMENT,
)
# Statuses in which the reply clock has started (it may be paused).
CLOCK_STATUSES = (Status.IN_PROGRESS, Status.AWAITING_PAYMENT)


class ResultGroup(models.TextChoices):
    """The six groups (一)–(六) of table 3's section 三."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTIALLY_DISCLOSED = "partially_disclosed", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")
    OTHER = "other", _("其他处理")


class ResultType(models.TextChoices):
    """One row of table 3, section 三; `group` and `row_label` give the report's cells."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTIALLY_DISCLOSED = "partially_disclosed", _("部分公开")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("不予公开：属于国家秘密")
    WITHHELD_PROHIBITED_BY_LAW = (
        "withheld_prohibited_by_law",
        _("不予公开：其他法律行政法规禁止公开"),
    )
    WITHHELD_SECURITY_STABILITY = (
        "withheld_security_stability",
        _("不予公开：危及“三安全一稳定”"),
    )
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("不予公开：保护第三方合法权益")
    WITHHELD_INTERNAL_AFFAIRS = (
        "withheld_internal_affairs",
        _("不予公开：属于三类内部事务信息"),
    )
    WITHHELD_PROCESS_INFORMATION = (
        "withheld_process_information",
        _("不予公开：属于四类过程性信息"),
    )
    WITHHELD_ENFORCEMENT_FILE = (
        "withheld_enforcement_file",
        _("不予公开：属于行政执法案卷"),
    )
    WITHHELD_ADMINISTRATIVE_QUERY = (
        "withheld_administrative_query",
        _("不予公开：属于行政查询事项"),
    )
    UNAVAILABLE_NOT_HELD = (
        "unavailable_not_held",
        _("无法提供：本机关不掌握相关政府信息"),
    )
    UNAVAILABLE_NEEDS_CREATION = (
        "unavailable_needs_creation",
        _("无法提供：没有现成信息需要另行制作"),
    )
    UNAVAILABLE_STILL_UNCLEAR = (
        "unavailable_still_unclear",
        _("无法提供：补正后申请内容仍不明确"),
    )
    NOT_PROCESSED_PETITION = "not_processed_petition", _("不予处理：信访举报投诉类申请")
    NOT_PROCESSED_REPEATED = "not_processed_repeated", _("不予处理：重复申请")
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication",
        _("不予处理：要求提供公开出版物"),
    )
    NOT_PROCESSED_EXCESSIVE = (
        "not_processed_excessive",
        _("不予处理：无正当理由大量反复申请"),
    )
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed_confirmation",
        _("不予处理：要求行政机关确认或重新出具已获取信息"),
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        _("其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    )
    OTHER_FEE_UNPAID = (
        "other_fee_unpaid",
        _(
            "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        ),
    )
    OTHER = "other", _("其他处理：其他")

    @property
    def group(self) -> "ResultGroup":
        return next(
            group
            for group in ResultGroup
            if self.value == group.value or self.value.startswith(f"{group.value}_")
        )

    @property
    def row_number(self) -> int | None:
        """The sub-row number within the group (1.–8.), None for 予以公开/部分公开."""
        members = [member for member in type(self) if member.group == self.group]
        return members.index(self) + 1 if len(members) > 1 else None

    @property
    def row_label(self) -> str:
        """The row's wording in table 3, e.g. 属于国家秘密."""
        return ROW_LABELS[self.value]


# The exact row wording of table 3 (rules.md §2.3), keyed by ResultType value.
ROW_LABELS: dict[str, str] = {
    "disclosed": "予以公开",
    "partially_disclosed": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "属于国家秘密",
    "withheld_prohibited_by_law": "其他法律行政法规禁止公开",
    "withheld_security_stability": "危及“三安全一稳定”",
    "withheld_third_party": "保护第三方合法权益",
    "withheld_internal_affairs": "属于三类内部事务信息",
    "withheld_process_information": "属于四类过程性信息",
    "withheld_enforcement_file": "属于行政执法案卷",
    "withheld_administrative_query": "属于行政查询事项",
    "unavailable_not_held": "本机关不掌握相关政府信息",
    "unavailable_needs_creation": "没有现成信息需要另行制作",
    "unavailable_still_unclear": "补正后申请内容仍不明确",
    "not_processed_petition": "信访举报投诉类申请",
    "not_processed_repeated": "重复申请",
    "not_processed_publication": "要求提供公开出版物",
    "not_processed_excessive": "无正当理由大量反复申请",
    "not_processed_confirmation": "要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_fee_unpaid": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other": "其他",
}
# Results set by their own services (close_for_missing_correction, close_for_unpaid_fee),
# never chosen in a reply.
CLOSING_RESULTS = (ResultType.OTHER_NO_CORRECTION, ResultType.OTHER_FEE_UNPAID)


class FeeScheme(models.TextChoices):
    """国办函〔2020〕109号 Art. 3: one scheme per application, never both."""

    PER_REQUEST = "per_request", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


class TransferClock(models.TextChoices):
    """What a transfer (转办) does to the reply clock (GONGKAI_TRANSFER_CLOCK)."""

    RESTART = "restart", _("接收机关收到转办之日起重新计算")
    KEEP = "keep", _("沿用原收到申请日期")


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("征求第三方意见（第三十二条）")
    AGENCY = "agency", _("征求其他机关意见（第三十四条）")


class AppealKind(models.TextChoices):
    """The three column groups of table 4."""

    RECONSIDERATION = "reconsideration", _("行政复议")
    LAWSUIT_DIRECT = "lawsuit_direct", _("行政诉讼·未经复议直接起诉")
    LAWSUIT_AFTER_RECONSIDERATION = (
        "lawsuit_after_reconsideration",
        _("行政诉讼·复议后起诉"),
    )


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交申请")
    REGISTERED = "registered", _("登记申请")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("确认收到申请")
    ASSIGNED = "assigned", _("分办")
    TAKEN = "taken", _("承办")
    CORRECTION_REQUESTED = "correction_requested", _("告知补正")
    CORRECTED = "corrected", _("收到补正")
    CLOSED_NO_CORRECTION = "closed_no_correction", _("逾期不补正，终止办理")
    CONSULTATION_STARTED = "consultation_started", _("征求意见")
    CONSULTATION_FINISHED = "consultation_finished", _("征求意见结束")
    EXTENDED = "extended", _("延长答复期限")
    FEE_NOTICE_ISSUED = "fee_notice_issued", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳信息处理费")
    CLOSED_FEE_UNPAID = "closed_fee_unpaid", _("逾期未缴费，终止办理")
    REPLIED = "replied", _("作出答复")
    WITHDRAWN = "withdrawn", _("申请人撤回申请")
    APPEAL_RECORDED = "appeal_recorded", _("登记行政复议/诉讼")
    APPEAL_DECIDED = "appeal_decided", _("登记复议/诉讼结果")
    ATTACHMENT_ADDED = "attachment_added", _("上传答复附件")
    ATTACHMENT_REMOVED = "attachment_removed", _("删除答复附件")
    ATTACHMENT_DOWNLOADED = "attachment_downloaded", _("申请人下载答复附件")
    APPLICANT_NOTIFIED = "applicant_notified", _("电子邮件通知申请人")
    MAIL_FAILED = "mail_failed", _("电子邮件发送失败")
    DELIVERED = "delivered", _("送达（签收）")
    DUE_SOON_FLAGGED = "due_soon_flagged", _("临近答复期限提醒")
    OVERDUE_FLAGGED = "overdue_flagged", _("已超过答复期限提醒")
    TRANSFERRED = "transferred", _("转办")
    TRANSFER_RECEIVED = "transfer_received", _("收到转办申请")


# Events an applicant sees on the public status page (no notes, no officers' names).
PUBLIC_EVENT_KINDS = (
    EventKind.SUBMITTED,
    EventKind.REGISTERED,
    EventKind.RECEIPT_CONFIRMED,
    EventKind.CORRECTION_REQUESTED,
    EventKind.CORRECTED,
    EventKind.CLOSED_NO_CORRECTION,
    EventKind.CONSULTATION_STARTED,
    EventKind.CONSULTATION_FINISHED,
    EventKind.EXTENDED,
    EventKind.FEE_NOTICE_ISSUED,
    EventKind.FEE_PAID,
    EventKind.CLOSED_FEE_UNPAID,
    EventKind.REPLIED,
    EventKind.WITHDRAWN,
    EventKind.TRANSFERRED,
    EventKind.APPLICANT_NOTIFIED,
    EventKind.DELIVERED,
)
