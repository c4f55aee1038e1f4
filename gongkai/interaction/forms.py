"""Public forms of 互动交流. Everything typed is kept on a form error (Django re-renders
bound fields)."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from gongkai.applications.identifiers import (
    IdentifierError,
    normalise_phone,
    validate_phone,
)
from gongkai.applications.tracking_codes import normalise_tracking_code
from gongkai.core.models import Organisation

from .models import Channel, Rating

# Control characters other than tab/newline are never part of a letter.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f"}


def _no_control(value: str) -> None:
    if any(ch in _CONTROL for ch in value):
        raise ValidationError("内容含有不可见的控制字符，请删除后再提交。")


class PublicForm(forms.Form):
    """Chinese label punctuation (全角冒号) on the public forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)


class ChannelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Channel) -> str:
        return str(obj)


class LetterForm(PublicForm):
    channel = ChannelChoiceField(
        label="栏目",
        queryset=Channel.objects.none(),
        empty_label="请选择",
        error_messages={
            "invalid_choice": "请选择列表中的栏目。",
            "required": "请选择栏目。",
        },
    )
    organisation = forms.ModelChoiceField(
        label="写信对象（领导信箱等已指定收信对象的栏目可不选）",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="请选择",
        error_messages={"invalid_choice": "请选择列表中的机构。"},
    )
    name = forms.CharField(label="姓名", max_length=50, validators=[_no_control])
    phone = forms.CharField(label="联系电话", max_length=20)
    email = forms.EmailField(label="电子邮箱（选填）", required=False, max_length=254)
    subject = forms.CharField(label="标题", max_length=100, validators=[_no_control])
    body = forms.CharField(
        label="内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[_no_control],
    )
    wants_public = forms.BooleanField(
        label="同意在网站公开来信及答复（个人信息将隐去）", required=False
    )
    # Guards without a CAPTCHA: a signed token carrying the time the form was shown
    # (minimum fill time) and a honeypot field that no person sees or hears.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, channels: QuerySet[Channel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["channel"]).queryset = channels

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("channel")
        if channel is not None:
            if channel.organisation_id is not None:
                data["organisation"] = channel.organisation
            elif data.get("organisation") is None and "organisation" not in self.errors:
                self.add_error("organisation", "请选择写信对象。")
        return data

    def letter_data(self) -> dict[str, Any]:
        names = ("channel", "organisation", "name", "phone", "email", "subject", "body")
        data = {name: self.cleaned_data[name] for name in names}
        return {**data, "wants_public": self.cleaned_data["wants_public"]}

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        try:
            validate_phone(phone)
        except IdentifierError as exc:
            raise ValidationError(str(exc)) from None
        return phone


class OpinionForm(PublicForm):
    name = forms.CharField(label="姓名", max_length=50, validators=[_no_control])
    phone = forms.CharField(label="联系电话", max_length=20)
    body = forms.CharField(
        label="意见建议",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[_no_control],
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    clean_phone = LetterForm.clean_phone

    def opinion_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("name", "phone", "body")}


class StatusForm(PublicForm):
    code = forms.CharField(label="查询码", max_length=40)
    phone_tail = forms.CharField(label="联系电话后4位", min_length=4, max_length=4)

    def clean_code(self) -> str:
        code = normalise_tracking_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError("查询码格式不正确，应形如 GK-XXXX-XXXX-XXXX。")
        return code

    def clean_phone_tail(self) -> str:
        tail = self.cleaned_data["phone_tail"]
        if not (tail.isascii() and tail.isdigit()):
            raise ValidationError("请填写4位数字。")
        return tail


class RatingForm(StatusForm):
    rating = forms.ChoiceField(
        label="满意度",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择满意度。",
            "invalid_choice": "请选择满意度。",
        },
    )
