"""Forms of the applications app: the application itself (public site and office
registration), the office's action forms and the list filters."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from gongkai.core.models import Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from . import conf
from .deadlines import MAX_EXTENSION_WORKING_DAYS
from .enums import (
    CLOSING_RESULTS,
    AppealKind,
    AppealOutcome,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    FeeScheme,
    ResultGroup,
    ResultType,
    Status,
)
from .identifiers import normalise_id_number, normalise_phone
from .models import Application
from .permissions import department_ids_for
from .services.intake import DATA_FIELDS


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, declared as a choice of model instances (for the type
    checker: `form.fields` holds plain Field)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def date_field(
    label: "StrOrPromise", *, required: bool = True, today: bool = True
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today else None,
        widget=AdminDateInput,
    )


class ApplicationForm(forms.ModelForm):
    """What an applicant fills in (Art. 29); the model validates ID checksums and the
    fields a legal person needs, and the messages stay on their fields."""

    class Meta:
        model = Application
        fields = DATA_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = conf.description_max_length()
        cast(forms.CharField, self.fields["description"]).max_length = limit
        self.fields["description"].validators.append(MaxLengthValidator(limit))
        self.fields["description"].widget.attrs["maxlength"] = limit
        self.fields["description"].help_text = _("不超过%(n)d字。") % {"n": limit}

    def clean_id_number(self) -> str:
        return normalise_id_number(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])


def scoped_departments(user: Any) -> Any:
    department_ids = department_ids_for(user)
    organisations = Organisation.objects.order_by("name")
    return (
        organisations
        if department_ids is None
        else organisations.filter(pk__in=department_ids)
    )


class RegisterForm(ApplicationForm):
    department = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("办理机构")
    )
    channel = forms.ChoiceField(
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        label=_("申请方式"),
    )
    submitted_on = date_field(_("提交/寄出日期"))
    signed_on = date_field(_("签收日期（挂号信/EMS）"), required=False, today=False)
    confirmed_on = date_field(
        _("与申请人确认日期（平信、传真）"), required=False, today=False
    )

    field_order = ["department", "channel", "submitted_on", "signed_on", "confirmed_on"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "department").queryset = scoped_departments(user)


class ConfirmReceiptForm(forms.Form):
    confirmed_on = date_field(_("确认收到日期"))


def officers(department: Organisation | None = None) -> Any:
    """Users who may be made handlers: the 公开办 groups' members and assigned officers,
    of `department` when given (the service checks that the handler handles it)."""
    if department is None:
        scope = Q(application_assignments__isnull=False) | Q(
            groups__application_office__isnull=False
        )
    else:
        scope = Q(application_assignments__department=department) | Q(
            groups__application_office__organisation=department
        )
    return (
        get_user_model()
        .objects.filter(scope, is_active=True)
        .distinct()
        .order_by("username")
    )


def officer_label(user: Any) -> str:
    full_name = user.get_full_name()
    return f"{full_name}（{user.username}）" if full_name else user.username


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), label=_("分办至机构")
    )
    handler = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label=_("承办人"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "handler").queryset = officers()
        model_choice(self, "handler").label_from_instance = officer_label  # type: ignore[assignment]


class TransferForm(forms.Form):
    """转办: to another organisation of the platform, with the reason."""

    department = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("转办至机构")
    )
    reason = forms.CharField(
        label=_("转办理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("例如：所申请信息由该机关制作或保存（条例第三十六条第五项）。"),
    )
    transferred_on = date_field(_("转办日期"))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "department").queryset = Organisation.objects.exclude(
            pk=application.department_id
        ).order_by("name")


class HandlerForm(forms.Form):
    """指定承办人: one of the officers of the application's own department."""

    handler = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label=_("承办人")
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        handler = model_choice(self, "handler")
        handler.queryset = officers(application.department)
        handler.label_from_instance = officer_label  # type: ignore[assignment]


class EmptyForm(forms.Form):
    """Actions that need only a confirming click (承办)."""


class CorrectionRequestForm(forms.Form):
    items = forms.CharField(
        label=_("需补正的事项"), widget=forms.Textarea(attrs={"rows": 4})
    )
    requested_on = date_field(_("告知补正日期"))
    correction_due_on = date_field(
        _("补正期限（留空则按默认工作日数计算）"), required=False, today=False
    )


class CorrectionRecordForm(forms.Form):
    corrected_on = date_field(_("收到补正日期"))
    title = forms.CharField(label=_("所需政府信息名称（补正后）"), max_length=200)
    description = forms.CharField(label=_("内容描述（补正后）"), widget=forms.Textarea)
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    closed_on = date_field(_("终止办理日期"))


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(choices=ConsultationKind.choices, label=_("类型"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        label=_("本平台机构（协办）"),
        required=False,
        help_text=_("征求本平台其他机关意见时选择，该机关的公开办将在平台上答复。"),
    )
    party = forms.CharField(
        label=_("被征求意见的第三方或机关"),
        max_length=100,
        required=False,
        help_text=_("选择了本平台机构时可留空。"),
    )
    party_address = forms.CharField(label=_("地址"), max_length=200, required=False)
    started_on = date_field(_("发出征求意见日期"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FinishConsultationForm(forms.Form):
    finished_on = date_field(_("收到意见日期（逾期未答复填期限届满日）"))
    opinion = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CohandlingAnswerForm(forms.Form):
    """The consulted office's answer (协办, Art. 34)."""

    opinion = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    answered_on = date_field(_("答复日期"))


class ExtensionForm(forms.Form):
    working_days = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=MAX_EXTENSION_WORKING_DAYS,
        initial=MAX_EXTENSION_WORKING_DAYS,
    )
    approved_by = forms.CharField(label=_("批准延期的负责人"), max_length=50)
    reason = forms.CharField(
        label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3})
    )
    extended_on = date_field(_("延期决定日期"))


class FeeNoticeForm(forms.Form):
    scheme = forms.ChoiceField(
        choices=FeeScheme.choices, label=_("收费方式（只能选一种）")
    )
    quantity = forms.IntegerField(
        label=_("本申请计件数（按件）或页数（按量）"), min_value=1
    )
    issued_on = date_field(_("收费通知日期"))


class FeePaidForm(forms.Form):
    paid_on = date_field(_("缴费日期"))


REPLY_CHOICES = [c for c in ResultType.choices if c[0] not in CLOSING_RESULTS]
PARTIAL_REASON_CHOICES = [
    c
    for c in ResultType.choices
    if ResultType(c[0]).group in (ResultGroup.WITHHELD, ResultGroup.UNAVAILABLE)
]


class ReplyForm(forms.Form):
    result_type = forms.ChoiceField(choices=REPLY_CHOICES, label=_("办理结果"))
    partial_reasons = forms.MultipleChoiceField(
        choices=PARTIAL_REASON_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("部分公开时，不予公开部分的理由"),
    )
    replied_on = date_field(_("答复日期"))
    document_number = forms.CharField(
        label=_("答复书文号"), max_length=100, required=False
    )
    published_location = forms.CharField(
        label=_("已主动公开的获取途径（第三十六条第一项）"),
        max_length=200,
        required=False,
    )
    responsible_agency = forms.CharField(
        label=_("负责公开的机关及联系方式（第三十六条第五项）"),
        max_length=200,
        required=False,
    )
    text = forms.CharField(
        label=_("答复正文补充"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public_title = forms.CharField(
        label=_("公开目录中显示的申请事项（不得含个人信息）"),
        max_length=200,
        required=False,
    )


class WithdrawForm(forms.Form):
    withdrawn_on = date_field(_("撤回日期"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(choices=DeliveryMethod.choices, label=_("送达方式"))
    delivered_on = date_field(_("送达（签收）日期"))
    note = forms.CharField(
        label=_("说明（如邮件单号、领取人）"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttachmentForm(forms.Form):
    # Type, size and name are checked by the service (attachments.check_file).
    file = forms.FileField(
        label=_("答复附件"),
        max_length=255,
        help_text=_(
            "PDF、OFD、Word、Excel、图片或文本文件，公开的政府信息随答复书提供给申请人。"
        ),
    )


class AppealForm(forms.Form):
    kind = forms.ChoiceField(choices=AppealKind.choices, label=_("类型"))
    filed_on = date_field(_("申请复议/起诉日期"))
    authority = forms.CharField(
        label=_("复议机关/法院"), max_length=100, required=False
    )
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideAppealForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[c for c in AppealOutcome.choices if c[0] != AppealOutcome.PENDING],
        label=_("结果"),
    )
    decided_on = date_field(_("审结日期"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("全部状态")), *Status.choices], required=False, label=_("状态")
    )
    department = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("办理机构"),
        empty_label=_("全部机构"),
    )
    due_within = forms.IntegerField(
        min_value=0, max_value=60, required=False, label=_("几个工作日内到期")
    )
    overdue = forms.BooleanField(required=False, label=_("仅显示已超期"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "department").queryset = scoped_departments(user)
