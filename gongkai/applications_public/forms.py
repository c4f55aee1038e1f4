"""The public application form (条例第二十九条) and the status look-up form.

Both applicant fieldsets are in the page, so the form works without JavaScript; only
the one matching the chosen applicant kind is validated and kept. Every message is
Chinese and sits on its field; each field points at its hint and error message
(aria-describedby) and says when it is invalid (aria-invalid).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.applications import conf
from gongkai.applications.enums import (
    ApplicantKind,
    DeliveryMethod,
    IdType,
    InformationForm,
    OrganisationType,
)
from gongkai.applications.identifiers import (
    IdentifierError,
    normalise_id_number,
    normalise_phone,
    validate_id_number,
    validate_phone,
)
from gongkai.applications.services.intake import REQUEST_FIELDS
from gongkai.core.models import Organisation

POSTCODE_PATTERN = re.compile(r"[0-9]{6}")
PHONE_TAIL_PATTERN = re.compile(r"[0-9]{4}")

# Form field -> Application field, per applicant kind.
PERSON_FIELDS = {
    "person_name": "applicant_name",
    "person_id_type": "id_type",
    "person_id_number": "id_number",
    "person_phone": "phone",
    "person_email": "email",
    "person_address": "address",
    "person_postcode": "postcode",
}
ORGANISATION_FIELDS = {
    "org_name": "applicant_name",
    "org_type": "organisation_type",
    "org_uscc": "id_number",
    "org_legal_representative": "legal_representative",
    "org_contact_name": "contact_name",
    "org_phone": "phone",
    "org_email": "email",
    "org_address": "address",
    "org_postcode": "postcode",
}
FIELDS_BY_KIND: dict[str, dict[str, str]] = {
    ApplicantKind.NATURAL_PERSON: PERSON_FIELDS,
    ApplicantKind.LEGAL_PERSON: ORGANISATION_FIELDS,
}
ALWAYS_REQUIRED = (
    "title",
    "description",
    "information_form",
    "delivery_method",
    "declaration",
)
REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    ApplicantKind.NATURAL_PERSON: (
        "person_name",
        "person_id_type",
        "person_id_number",
        "person_phone",
    ),
    ApplicantKind.LEGAL_PERSON: (
        "org_name",
        "org_type",
        "org_uscc",
        "org_legal_representative",
        "org_contact_name",
        "org_phone",
    ),
}
REQUIRED_MESSAGES = {
    "department": gettext_lazy("请选择受理机关。"),
    "applicant_kind": gettext_lazy("请选择申请人类型。"),
    "person_name": gettext_lazy("请填写姓名。"),
    "person_id_type": gettext_lazy("请选择证件类型。"),
    "person_id_number": gettext_lazy("请填写证件号码。"),
    "person_phone": gettext_lazy("请填写联系电话。"),
    "org_name": gettext_lazy("请填写法人或其他组织的名称。"),
    "org_type": gettext_lazy("请选择组织类型。"),
    "org_uscc": gettext_lazy("请填写统一社会信用代码。"),
    "org_legal_representative": gettext_lazy("请填写法定代表人或负责人。"),
    "org_contact_name": gettext_lazy("请填写联系人姓名。"),
    "org_phone": gettext_lazy("请填写联系电话。"),
    "title": gettext_lazy("请填写所需政府信息的名称。"),
    "description": gettext_lazy("请描述所需的政府信息。"),
    "information_form": gettext_lazy("请选择信息的提供形式。"),
    "delivery_method": gettext_lazy("请选择获取信息的方式。"),
    "declaration": gettext_lazy("请阅读并勾选申请声明。"),
}
PHONE_HELP = gettext_lazy(
    "11位手机号码或带区号的固定电话。查询办理进度时需要输入该号码的后4位。"
)
CODE_ATTRS = {
    "autocomplete": "off",
    "spellcheck": "false",
    "autocapitalize": "characters",
}


def _text(label: Any, max_length: int, **kwargs: Any) -> forms.CharField:
    message = gettext_lazy(
        "不能超过%(limit_value)d个字（您填写了%(show_value)d个字）。"
    )
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={"max_length": message},
        **kwargs,
    )


def _input(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs=attrs)


def _email(label: Any) -> forms.EmailField:
    message = gettext_lazy("请填写有效的电子邮箱地址，如 name@example.com。")
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={"invalid": message},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def _choice(
    label: Any, choices: Iterable[tuple[str, Any]], **kwargs: Any
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=list(choices),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("请从列表中选择。")},
        **kwargs,
    )


@dataclass(frozen=True)
class SummaryItem:
    """One line of the error summary at the top of a form."""

    label: str
    message: str
    anchor: str  # the id of the field to jump to; "" for errors of the whole form


class AccessibleForm(forms.Form):
    """Links fields to their hints and errors, and lists the errors in page order."""

    use_required_attribute = False  # the server validates; no browser pop-ups

    def full_clean(self) -> None:
        super().full_clean()
        self.describe_widgets()

    def describe_widgets(self) -> None:
        errors = self.errors  # full_clean has run: no second validation
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_hint"] if field.help_text else []
            if name in errors:
                ids.append(f"{auto_id}_error")
            field.describedby = " ".join(ids)  # type: ignore[attr-defined]  # for templates
            attrs = field.widget.attrs
            attrs.pop("aria-invalid", None)
            attrs.pop("aria-describedby", None)
            if isinstance(field.widget, forms.RadioSelect):
                continue  # their fieldset carries the description; radios take no aria-invalid
            if ids:
                attrs["aria-describedby"] = " ".join(ids)
            if name in errors:
                attrs["aria-invalid"] = "true"

    @property
    def error_summary(self) -> list[SummaryItem]:
        errors = self.errors
        items = [
            SummaryItem("", str(message), "") for message in self.non_field_errors()
        ]
        for name, field in self.fields.items():
            if name in errors:
                bound = self[name]
                radio = isinstance(field.widget, forms.RadioSelect)
                anchor = f"{bound.auto_id}_0" if radio else bound.auto_id
                message = str(errors[name][0])  # ErrorList[i] is the message text
                items.append(SummaryItem(str(bound.label), message, anchor))
        return items


class ApplicationRequestForm(AccessibleForm):
    """What an applicant sends (Art. 29): who, how to reach them, what they want and how."""

    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("申请人类型"),
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        initial=ApplicantKind.NATURAL_PERSON,
    )
    # 自然人
    person_name = _text(gettext_lazy("姓名"), 100, widget=_input(autocomplete="name"))
    person_id_type = _choice(
        gettext_lazy("证件类型"),
        [c for c in IdType.choices if c[0] != IdType.USCC],
        initial=IdType.RESIDENT_ID,
    )
    person_id_number = _text(
        gettext_lazy("证件号码"),
        30,
        help_text=gettext_lazy("居民身份证号码为18位，最后一位可能是X。"),
        widget=_input(**CODE_ATTRS),
    )
    person_phone = _text(
        gettext_lazy("联系电话"),
        20,
        help_text=PHONE_HELP,
        widget=_input(type="tel", autocomplete="tel"),
    )
    person_email = _email(gettext_lazy("电子邮箱"))
    person_address = _text(
        gettext_lazy("通信地址"), 200, widget=_input(autocomplete="street-address")
    )
    person_postcode = _text(
        gettext_lazy("邮政编码"),
        6,
        widget=_input(autocomplete="postal-code", inputmode="numeric"),
    )
    # 法人或其他组织
    org_name = _text(
        gettext_lazy("名称"), 100, widget=_input(autocomplete="organization")
    )
    org_type = _choice(
        gettext_lazy("组织类型"),
        [("", gettext_lazy("请选择")), *OrganisationType.choices],
    )
    org_uscc = _text(
        gettext_lazy("统一社会信用代码"),
        30,
        help_text=gettext_lazy("18位，由数字和大写字母组成，见营业执照或登记证书。"),
        widget=_input(**CODE_ATTRS),
    )
    org_legal_representative = _text(gettext_lazy("法定代表人或负责人"), 50)
    org_contact_name = _text(
        gettext_lazy("联系人"), 50, widget=_input(autocomplete="name")
    )
    org_phone = _text(
        gettext_lazy("联系电话"),
        20,
        help_text=PHONE_HELP,
        widget=_input(type="tel", autocomplete="tel"),
    )
    org_email = _email(gettext_lazy("电子邮箱"))
    org_address = _text(
        gettext_lazy("通信地址"), 200, widget=_input(autocomplete="street-address")
    )
    org_postcode = _text(
        gettext_lazy("邮政编码"),
        6,
        widget=_input(autocomplete="postal-code", inputmode="numeric"),
    )
    # 所需政府信息
    department = forms.TypedChoiceField(
        label=gettext_lazy("受理机关"),
        coerce=int,
        help_text=gettext_lazy(
            "向哪个机关申请。所需信息由某个部门制作或保存的，请选择该部门。"
        ),
    )
    title = _text(
        gettext_lazy("所需政府信息的名称"),
        200,
        help_text=gettext_lazy("如文件标题；不清楚的，请概括所需的信息。"),
    )
    description = forms.CharField(
        label=gettext_lazy("所需政府信息的内容描述"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    document_number = _text(
        gettext_lazy("文号（如知道）"),
        100,
        help_text=gettext_lazy("如 金东政发〔2024〕12号。"),
    )
    index_number = _text(
        gettext_lazy("索引号（如知道）"),
        100,
        help_text=gettext_lazy("见政府信息公开目录，如 330703000000/2024-00012。"),
    )
    information_form = _choice(
        gettext_lazy("信息的提供形式"),
        InformationForm.choices,
        widget=forms.RadioSelect,
    )
    delivery_method = _choice(
        gettext_lazy("获取信息的方式"), DeliveryMethod.choices, widget=forms.RadioSelect
    )
    declaration = forms.BooleanField(
        label=gettext_lazy(
            "本人（本单位）承诺所填信息真实、准确，所申请的信息用于合法用途。"
        ),
        required=False,
    )
    # Guards: the one-time token, and a honeypot that no person sees or hears.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label=gettext_lazy("请勿填写此项"),
        required=False,
        widget=_input(autocomplete="off", tabindex="-1"),
    )

    def __init__(self, *args: Any, agencies: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in agencies}
        department = cast(forms.TypedChoiceField, self.fields["department"])
        department.choices = [(a.pk, a.name) for a in agencies]
        department.initial = agencies[0].pk if agencies else None
        department.error_messages["invalid_choice"] = _("请从列表中选择受理机关。")
        self.fields["description"].help_text = _(
            "请写明所需信息的内容、时间范围等特征，不超过%(limit)d字。"
        ) % {"limit": conf.description_max_length()}
        for name, message in REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        shown = ("department", "applicant_kind", *ALWAYS_REQUIRED[:-1])
        for name in (*shown, *(n for f in REQUIRED_BY_KIND.values() for n in f)):
            self.fields[name].shown_required = True  # type: ignore[attr-defined]  # for templates
        self.describe_widgets()

    def clean_description(self) -> str:
        value: str = self.cleaned_data.get("description", "")
        limit = conf.description_max_length()
        if len(value) > limit:
            raise ValidationError(
                _("内容描述不能超过%(limit)d字，您填写了%(count)d字，请精简后再提交。")
                % {"limit": limit, "count": len(value)}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind: str = data.get("applicant_kind") or ""
        active = FIELDS_BY_KIND.get(kind, {})
        # Whatever was typed in the other fieldset is neither checked nor kept.
        for name in (*PERSON_FIELDS, *ORGANISATION_FIELDS):
            if name not in active:
                self.errors.pop(name, None)
        for name in (*ALWAYS_REQUIRED, *REQUIRED_BY_KIND.get(kind, ())):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, str(REQUIRED_MESSAGES[name]))
        if kind == ApplicantKind.NATURAL_PERSON:
            self._check_identifier(
                "person_id_number", data.get("person_id_type", ""), data
            )
        elif kind == ApplicantKind.LEGAL_PERSON:
            self._check_identifier("org_uscc", IdType.USCC, data)
        if active:
            prefix = "person_" if kind == ApplicantKind.NATURAL_PERSON else "org_"
            self._check_contact(prefix, data)
        return data

    def _check_identifier(self, name: str, id_type: str, data: dict[str, Any]) -> None:
        if not data.get(name) or not id_type:
            return
        number = normalise_id_number(data[name])
        try:
            validate_id_number(id_type, number)
        except IdentifierError as exc:
            self.add_error(name, str(exc))
        else:
            data[name] = number

    def _check_contact(self, prefix: str, data: dict[str, Any]) -> None:
        phone = prefix + "phone"
        if data.get(phone):
            try:
                data[phone] = normalise_phone(data[phone])
                validate_phone(data[phone])
            except IdentifierError as exc:
                self.add_error(phone, str(exc))
        postcode = data.get(prefix + "postcode", "").strip()
        if postcode and not POSTCODE_PATTERN.fullmatch(postcode):
            self.add_error(prefix + "postcode", _("邮政编码应为6位数字。"))
        method = data.get("delivery_method")
        if method == DeliveryMethod.POST and not data.get(prefix + "address"):
            self.add_error(prefix + "address", _("选择邮寄的，请填写通信地址。"))
        email = prefix + "email"
        if (
            method == DeliveryMethod.EMAIL
            and not data.get(email)
            and email not in self.errors
        ):
            self.add_error(email, _("选择电子邮件的，请填写电子邮箱。"))

    @property
    def chosen_department(self) -> Organisation:
        return self.agencies[self.cleaned_data["department"]]

    def _chosen_fields(self) -> dict[str, str]:
        return FIELDS_BY_KIND[self.cleaned_data["applicant_kind"]]

    def application_data(self) -> dict[str, Any]:
        """The valid form as submit_application's data (Application field names)."""
        data = {
            model: self.cleaned_data.get(name) or ""
            for name, model in self._chosen_fields().items()
        }
        data["applicant_kind"] = self.cleaned_data["applicant_kind"]
        if data["applicant_kind"] == ApplicantKind.LEGAL_PERSON:
            data["id_type"] = IdType.USCC
        for name in REQUEST_FIELDS:
            data[name] = self.cleaned_data.get(name) or ""
        return data

    def add_model_errors(self, error: ValidationError) -> None:
        """Put the model's validation errors (Application field names) on our fields."""
        to_form = {model: name for name, model in self._chosen_fields().items()}
        to_form.update({name: name for name in REQUEST_FIELDS})
        for model_field, messages in error.message_dict.items():
            name = to_form.get(model_field)
            for message in messages:
                self.add_error(name, message)
        self.describe_widgets()


class StatusLookupForm(AccessibleForm):
    """The two factors of the status page: the tracking code and the phone's last 4 digits."""

    tracking_code = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=40,
        help_text=gettext_lazy("提交申请后得到的查询码，如 GK-ABCD-2345-EFGH。"),
        error_messages={"required": gettext_lazy("请填写查询码。")},
        widget=_input(**CODE_ATTRS),
    )
    phone_tail = forms.CharField(
        label=gettext_lazy("联系电话后4位"),
        max_length=8,
        help_text=gettext_lazy("申请时填写的联系电话的最后4位数字。"),
        error_messages={"required": gettext_lazy("请填写联系电话的后4位。")},
        widget=_input(inputmode="numeric", autocomplete="off"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.shown_required = True  # type: ignore[attr-defined]  # for templates
        self.describe_widgets()

    def clean_phone_tail(self) -> str:
        value: str = self.cleaned_data["phone_tail"].strip()
        if not PHONE_TAIL_PATTERN.fullmatch(value):
            raise ValidationError(_("请填写4位数字。"))
        return value
