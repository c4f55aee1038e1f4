"""互动交流: letters to 领导信箱 and 政务咨询, with their replies.

Rows are written only by services.py. The writer's phone and e-mail are encrypted at rest
with the same keys as 依申请公开 (gongkai.applications.pii)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.applications.pii import EncryptedEmailField, EncryptedTextField
from gongkai.applications.tracking_codes import format_tracking_code


class LetterKind(models.TextChoices):
    MAILBOX = "mailbox", _("领导信箱")
    CONSULT = "consult", _("政务咨询")


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("办理中")
    REPLIED = "replied", _("已答复")


class Letter(models.Model):
    kind = models.CharField(_("类型"), max_length=10, choices=LetterKind.choices)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("办理机构"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = EncryptedTextField(_("联系电话"))
    phone_status_hash = models.CharField(max_length=64, db_index=True)
    email = EncryptedEmailField(_("电子邮箱"), blank=True)
    subject = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"), max_length=5000)
    wants_public = models.BooleanField(_("同意公开"), default=False)
    tracking_code = models.CharField(max_length=12, unique=True)
    received_on = models.DateField(_("收到日期"))
    due_on = models.DateField(_("答复期限"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=LetterStatus.choices,
        default=LetterStatus.RECEIVED,
    )
    public_body = models.TextField(_("公开内容（已去除个人信息）"), blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    is_published = models.BooleanField(_("已公开"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)


class InteractionOfficer(models.Model):
    """A user who handles the letters of one organisation (its 公开办/信箱 role)."""

    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="interaction_roles"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("互动交流办理人员")
        verbose_name_plural = _("互动交流办理人员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="interaction_officer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organisation}"
