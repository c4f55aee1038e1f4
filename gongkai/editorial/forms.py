from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from .enums import WithdrawalReason


class UrgentPublishForm(forms.Form):
    reason = forms.CharField(
        label=_("紧急发布理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("将跳过审核流程立即发布，并进入紧急发布事后审核列表。"),
    )


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("撤回原因"), choices=WithdrawalReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class UrgentReviewForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AdminLoginForm(LoginForm):
    """Wagtail's login form with a translatable password label.

    Wagtail declares the password field without a label, so Django shows the field
    name ("Password"), which no catalog can translate (issue #16).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")
