from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The four editorial roles every organisation gets, each a Wagtail group."""

    EDITOR = "editor", _("信息员")
    REVIEWER = "reviewer", _("审核员")
    FINAL_APPROVER = "final_approver", _("终审")
    DISCLOSURE_OFFICER = "disclosure_officer", _("公开办")


# The roles that may withdraw items and review urgent publications after the fact.
OVERSIGHT_ROLES = (Role.FINAL_APPROVER, Role.DISCLOSURE_OFFICER)


class WithdrawalReason(models.TextChoices):
    """Why a published item is taken down (撤稿)."""

    PUBLISHED_IN_ERROR = "error", _("误发")
    REPLACED = "replaced", _("已被替代")
    EXPIRED = "expired", _("已过期")
