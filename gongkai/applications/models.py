"""依申请公开: applications, their events, consultations, fee notices and appeals.

Rows are written only by services.py; due dates are recomputed there on every event.
"""

import os
import uuid
from datetime import date
from pathlib import PurePath
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import conf
from .enums import (
    CLOCK_STATUSES,
    OPEN_STATUSES,
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    EventKind,
    FeeScheme,
    IdType,
    InformationForm,
    OrganisationType,
    ResultType,
    Status,
    TransferClock,
)
from .identifiers import (
    IdentifierError,
    mask_id_number,
    mask_phone,
    phone_tail,
    validate_id_number,
)
from .identifiers import validate_phone as check_phone
from .pii import (
    EncryptedEmailField,
    EncryptedTextField,
    id_number_hash,
    phone_hash,
    status_hash,
)
from .tracking_codes import format_tracking_code


def validate_description_length(value: str) -> None:
    # Read when validating, so the setting can change without a migration.
    MaxLengthValidator(conf.description_max_length())(value)


def validate_phone(value: str) -> None:
    try:
        check_phone(value)
    except IdentifierError as exc:
        raise ValidationError(str(exc)) from None


PII_FIELDS = ("id_number", "phone", "email", "address")
PII_HASH_FIELDS = ("id_number_hash", "phone_hash", "phone_status_hash")


# A message that may still be a lazy translation (ValidationError takes either).
StrOrPromise = str | Promise


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def with_running_clock(self) -> Self:
        return self.filter(status__in=CLOCK_STATUSES, due_on__isnull=False)

    def overdue(self, today: date) -> Self:
        return self.with_running_clock().filter(due_on__lt=today)

    def due_between(self, first: date, last: date) -> Self:
        return self.with_running_clock().filter(due_on__gte=first, due_on__lte=last)

    def for_departments(self, department_ids: set[int] | None) -> Self:
        """Only these departments' applications; None means all departments."""
        return (
            self
            if department_ids is None
            else self.filter(department_id__in=department_ids)
        )


class Application(models.Model):
    """A 政府信息公开申请 and where it stands."""

    tracking_code = models.CharField(
        _("查询码"), max_length=12, unique=True, editable=False
    )
    department = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("办理机构"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 申请人信息 (Art. 29: 姓名或者名称、身份证明、联系方式)
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=20, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("姓名/名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    # Direct identifiers are encrypted at rest (pii.py); the *_hash columns serve the
    # equality lookups (fee counting per applicant, the status page, duplicates).
    id_number = EncryptedTextField(_("证件号码"), max_length=30)
    id_number_hash = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )
    organisation_type = models.CharField(
        _("组织类型"), max_length=20, choices=OrganisationType.choices, blank=True
    )
    legal_representative = models.CharField(
        _("法定代表人/负责人"), max_length=50, blank=True
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = EncryptedTextField(
        _("联系电话"), max_length=20, validators=[validate_phone]
    )
    phone_hash = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )
    phone_status_hash = models.CharField(max_length=64, blank=True, editable=False)
    email = EncryptedEmailField(_("电子邮箱"), max_length=254, blank=True)
    address = EncryptedTextField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    # 所需信息 (Art. 29: 名称、文号或者便于查询的其他特征性描述; 获取方式、途径)
    title = models.CharField(_("所需政府信息名称"), max_length=200)
    description = models.TextField(
        _("所需政府信息的内容描述"), validators=[validate_description_length]
    )
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    index_number = models.CharField(_("索引号"), max_length=100, blank=True)
    information_form = models.CharField(
        _("信息的指定提供载体形式"), max_length=20, choices=InformationForm.choices
    )
    delivery_method = models.CharField(
        _("获取信息的方式"), max_length=20, choices=DeliveryMethod.choices
    )
    # 收到申请 (Art. 31)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    calendar_missing_year = models.PositiveSmallIntegerField(
        _("缺少工作日历的年份"), null=True, blank=True, editable=False
    )
    # 补正 (Art. 30)
    correction_requested_on = models.DateField(_("告知补正日期"), null=True, blank=True)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    correction_items = models.TextField(_("需补正的事项"), blank=True)
    corrected_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    # 延期 (Art. 33)
    extended_on = models.DateField(_("延期日期"), null=True, blank=True)
    extension_working_days = models.PositiveSmallIntegerField(
        _("延长工作日数"), default=0
    )
    extension_approved_by = models.CharField(_("延期批准人"), max_length=50, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    # 办理结果 (table 3, section 三)
    result_type = models.CharField(
        _("办理结果"), max_length=40, choices=ResultType.choices, blank=True
    )
    partial_reasons = models.JSONField(
        _("部分公开中不予公开部分的理由"), default=list, blank=True
    )
    reply_document_number = models.CharField(
        _("答复书文号"), max_length=100, blank=True
    )
    reply_text = models.TextField(_("答复正文补充"), blank=True)
    responsible_agency = models.CharField(
        _("负责公开的机关及联系方式"), max_length=200, blank=True
    )
    published_location = models.CharField(
        _("已主动公开的获取途径"), max_length=200, blank=True
    )
    public_title = models.CharField(
        _("公开目录中的申请事项"),
        max_length=200,
        blank=True,
        help_text=_("显示在依申请公开目录中，不得含个人信息。"),
    )
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    delivered_on = models.DateField(_("送达（签收）日期"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at"]
        permissions = [("handle_all_applications", "可办理所有机构的政府信息公开申请")]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.display_tracking_code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Hashes follow the fields they are made of. A save of other fields only (the
        # services' status updates) neither touches them nor decrypts, nor loads the
        # deferred personal data of an instance that was read without it.
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.refresh_hashes()
        elif set(update_fields) & {*PII_FIELDS, "tracking_code"}:
            self.refresh_hashes()
            kwargs["update_fields"] = {*update_fields, *PII_HASH_FIELDS}
        super().save(*args, **kwargs)

    def refresh_hashes(self) -> None:
        """The keyed hashes of the clear values, set on every save (cheap)."""
        self.id_number_hash = id_number_hash(self.id_number or "")
        self.phone_hash = phone_hash(self.phone or "")
        self.phone_status_hash = status_hash(
            self.tracking_code, phone_tail(self.phone or "")
        )

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        try:
            validate_id_number(self.id_type, self.id_number)
        except IdentifierError as exc:
            errors["id_number"] = str(exc)
        errors.update(self._applicant_kind_errors())
        if errors:
            raise ValidationError(errors)

    def _applicant_kind_errors(self) -> dict[str, StrOrPromise]:
        if self.applicant_kind == ApplicantKind.NATURAL_PERSON:
            if self.id_type == IdType.USCC:
                return {
                    "id_type": _("自然人应填写个人身份证件，不能使用统一社会信用代码。")
                }
            return {}
        errors: dict[str, StrOrPromise] = {}
        if self.id_type != IdType.USCC:
            errors["id_type"] = _("法人或其他组织应填写统一社会信用代码。")
        if not self.organisation_type:
            errors["organisation_type"] = _("请选择组织类型。")
        if not self.legal_representative:
            errors["legal_representative"] = _("请填写法定代表人或负责人。")
        if not self.contact_name:
            errors["contact_name"] = _("请填写联系人。")
        return errors

    @property
    def display_tracking_code(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def result(self) -> ResultType | None:
        return ResultType(self.result_type) if self.result_type else None


class ApplicationEvent(models.Model):
    """One step of an application: the timeline and the audit trail."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class ApplicationTransfer(models.Model):
    """A 转办: the application was addressed to the wrong organisation of the platform;
    its office sent it, with a reason, to the organisation that answers it. The sending
    office keeps read-only sight of the application (permissions.transferred_from_ids)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transfers"
    )
    from_department = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("转出机构"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("接收机构"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("转办理由"))
    transferred_on = models.DateField(_("转办日期"))
    clock = models.CharField(
        _("答复期限"), max_length=10, choices=TransferClock.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("转办")
        verbose_name_plural = _("转办")
        ordering = ["transferred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.from_department} → {self.to_department} {self.transferred_on}"


class Consultation(models.Model):
    """A request for the opinion of a third party (Art. 32) or another agency (Art. 34)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("被征求意见方"), max_length=100)
    party_address = models.CharField(_("被征求意见方地址"), max_length=200, blank=True)
    # Co-handling (协办, Art. 34) with an organisation of the platform: its office sees
    # the request in its list and answers here (services.cohandling).
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("被征求意见的本平台机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations_received",
    )
    started_on = models.DateField(_("发出征求意见日期"))
    reply_due_on = models.DateField(_("答复期限"))
    finished_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.party} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.finished_on is None


class FeeNotice(models.Model):
    """A 收费通知 (国办函〔2020〕109号); one per application, so one scheme only."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="fee_notice"
    )
    scheme = models.CharField(_("收费方式"), max_length=20, choices=FeeScheme.choices)
    quantity = models.PositiveIntegerField(_("件数/页数"))
    earlier_requests = models.PositiveIntegerField(_("本月此前已申请件数"), default=0)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("通知日期"))
    payment_due_on = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("收费通知")
        verbose_name_plural = _("收费通知")

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} ¥{self.amount}"


class Appeal(models.Model):
    """An administrative reconsideration or lawsuit about an application (table 4)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="appeals"
    )
    kind = models.CharField(_("类型"), max_length=40, choices=AppealKind.choices)
    filed_on = models.DateField(_("申请/起诉日期"))
    authority = models.CharField(_("复议机关/法院"), max_length=100, blank=True)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    outcome = models.CharField(
        _("结果"),
        max_length=20,
        choices=AppealOutcome.choices,
        default=AppealOutcome.PENDING,
    )
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("行政复议/行政诉讼")
        verbose_name_plural = _("行政复议/行政诉讼")
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()


class PersonalDataAccess(models.Model):
    """Who saw an applicant's full personal data, and when (the access log)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="personal_data_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    purpose = models.CharField(_("用途"), max_length=50)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {self.purpose}"


class OfficerAssignment(models.Model):
    """An officer may handle the applications of this department (部门范围)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人员"),
        on_delete=models.CASCADE,
        related_name="application_assignments",
    )
    department = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="officer_assignments",
    )

    class Meta:
        verbose_name = _("依申请公开办理人员")
        verbose_name_plural = _("依申请公开办理人员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"], name="unique_officer_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.department}"


class OfficeGroup(models.Model):
    """The organisation's 公开办 group: every member handles the organisation's applications.

    Made for each organisation when it is saved (services.offices.ensure_office_group), so a
    new office works without giving permissions by hand; OfficerAssignment adds single users.
    """

    organisation = models.OneToOneField(
        "core.Organisation",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="application_office",
    )
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("用户组"),
        on_delete=models.CASCADE,
        related_name="application_office",
    )

    class Meta:
        verbose_name = _("依申请公开办理组")
        verbose_name_plural = _("依申请公开办理组")

    def __str__(self) -> str:
        return str(self.group)


class ReplyFileStorage(FileSystemStorage):
    """Outside MEDIA_ROOT: these files are served only through the checking views.
    The folder is read at each use (not frozen at import), so tests and deployments
    may point GONGKAI_APPLICATIONS_FILES_ROOT elsewhere."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return conf.reply_files_root()

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("reply attachments have no public URL")


def reply_attachment_storage() -> FileSystemStorage:
    return ReplyFileStorage()


def reply_attachment_path(instance: "ReplyAttachment", filename: str) -> str:
    # Never the uploaded name: a random one, the extension checked by attachments.py.
    return f"{instance.application_id}/{uuid.uuid4().hex}{PurePath(filename).suffix}"


class ReplyAttachment(models.Model):
    """A file sent with the 答复书 (the disclosed information), downloaded by the applicant."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reply_attachments"
    )
    file = models.FileField(
        storage=reply_attachment_storage,
        upload_to=reply_attachment_path,
        max_length=200,
    )
    name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# State of the public pages (gongkai.applications_public). The tables belong to this
# app so that the public side depends on the office side and never the reverse.


class SubmissionToken(models.Model):
    """A form token that created an application; posting it again creates nothing.

    The unique nonce makes two simultaneous posts of one form create one application:
    the second insert fails and its transaction, application included, rolls back.
    """

    nonce = models.CharField(_("表单令牌"), max_length=64, unique=True)
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已使用的表单令牌")
        verbose_name_plural = _("已使用的表单令牌")

    def __str__(self) -> str:
        return self.nonce


@register_setting(icon="mail")
class ApplicationSettings(BaseSiteSetting):
    """Per-site settings of the public application pages (Settings → 依申请公开页面)."""

    publish_disclosure_log = models.BooleanField(
        _("公开申请公开目录"),
        default=False,
        help_text=_(
            "在 /apply/log/ 公开已答复申请的办理结果目录（只显示办理机构、答复日期、"
            "办理结果和办理人员填写的公开申请事项，不含申请人信息）。"
        ),
    )

    class Meta:
        verbose_name = _("依申请公开页面")
        verbose_name_plural = _("依申请公开页面")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
