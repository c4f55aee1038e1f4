"""互动交流: channels (领导信箱, 政务咨询, 投诉建议), letters and their replies, and 征集调查.

Rows are written only by services.py. The writer's phone and e-mail are encrypted at rest
with the same keys as 依申请公开 (gongkai.applications.pii)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.applications.pii import EncryptedEmailField, EncryptedTextField
from gongkai.applications.tracking_codes import format_tracking_code


class LetterKind(models.TextChoices):
    MAILBOX = "mailbox", _("领导信箱")
    CONSULT = "consult", _("政务咨询")
    COMPLAINT = "complaint", _("投诉建议")


class Channel(models.Model):
    """One public letter channel of a site: a 领导信箱 to a named leader or office, or a
    政务咨询 / 投诉建议 column, with its own reply deadline in working days."""

    name = models.CharField(_("栏目名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=10, choices=LetterKind.choices)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("所属站点"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空则在所有站点显示。"),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("受理机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空则由写信人选择写信对象。"),
    )
    recipient = models.CharField(
        _("收信领导或科室"),
        max_length=50,
        blank=True,
        help_text=_("领导信箱填写收信领导姓名职务或科室，如“区长 张某某”。"),
    )
    reply_working_days = models.PositiveSmallIntegerField(
        _("答复期限（工作日）"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("互动栏目")
        verbose_name_plural = _("互动栏目")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.recipient}）" if self.recipient else self.name


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("办理中")
    REPLIED = "replied", _("已答复")


class Letter(models.Model):
    kind = models.CharField(_("类型"), max_length=10, choices=LetterKind.choices)
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
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
    rating = models.CharField(
        _("满意度"), max_length=12, choices=Rating.choices, blank=True
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    reminded_on = models.DateField(_("催办日期"), null=True, blank=True)
    escalated_on = models.DateField(_("逾期上报日期"), null=True, blank=True)
    replied_mail_sent = models.BooleanField(default=False)
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
    supervises = models.BooleanField(
        _("公开办督办"),
        default=False,
        help_text=_("接收本级政府各机构逾期未答复来信的上报。"),
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


class LetterAccess(models.Model):
    """Who saw a writer's full contact data, and when (the access log)."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("来信人信息查看记录")
        verbose_name_plural = _("来信人信息查看记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M}"


class Solicitation(models.Model):
    """征集调查: opinions collected on a draft policy between two dates, answered by a
    published 意见采纳情况 summary."""

    title = models.CharField(_("征集标题"), max_length=100)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("征集机构"),
        on_delete=models.PROTECT,
        related_name="solicitations",
    )
    draft = models.TextField(_("征求意见稿"), max_length=50000)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    adoption_summary = models.TextField(_("意见采纳情况"), blank=True)
    summary_published = models.BooleanField(_("公布意见采纳情况"), default=False)

    class Meta:
        verbose_name = _("征集调查")
        verbose_name_plural = _("征集调查")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today) -> bool:
        return self.starts_on <= today <= self.ends_on


class Opinion(models.Model):
    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.CASCADE, related_name="opinions"
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = EncryptedTextField(_("联系电话"))
    body = models.TextField(_("意见建议"), max_length=5000)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.solicitation} {self.submitted_at:%Y-%m-%d}"
