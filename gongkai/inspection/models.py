"""Per-site rules and column kinds (the indicators as data), and stored inspection runs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.columns.models import ColumnPage

from .rules import COLUMN_KIND_LABELS, SEVERITY_LABELS, ColumnKind, Severity
from .ruleset import DEFAULT_RULES, Rule
from .spelling import PROTECTED_TERMS

SEVERITY_CHOICES = [(str(key), label) for key, label in SEVERITY_LABELS.items()]
RULE_CHOICES = [(code, rule.label) for code, rule in DEFAULT_RULES.items()]
# 24 h / 20 visits a day: a longer interval could not give the rule its 20 a day.
MAX_PROBE_MINUTES = 72
KIND_CHOICES = [(str(key), label) for key, label in COLUMN_KIND_LABELS.items()]


class InspectionRule(models.Model):
    """One site's setting of one indicator; indicators without a row keep their default."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code = models.CharField(_("指标"), max_length=40, choices=RULE_CHOICES)
    severity = models.CharField(_("类别"), max_length=10, choices=SEVERITY_CHOICES)
    threshold = models.PositiveIntegerField(
        _("阈值"),
        null=True,
        blank=True,
        help_text=_("单位见指标说明；留空使用默认值。"),
    )
    points = models.DecimalField(
        _("每条扣分"), max_digits=5, decimal_places=2, default=0
    )
    weight = models.DecimalField(
        _("本项最多扣分"), max_digits=5, decimal_places=2, default=0
    )
    measure = models.TextField(_("检查方法"), blank=True)
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("自查指标")
        verbose_name_plural = _("自查指标")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "code"], name="inspection_rule_site_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.get_code_display()}"

    def clean(self) -> None:
        if (
            self.code == "site_probe"
            and self.threshold is not None
            and not 1 <= self.threshold <= MAX_PROBE_MINUTES
        ):
            raise ValidationError(
                {
                    "threshold": _(
                        "访问间隔应为 1–%(most)d 分钟（检查指标要求每天访问不少于 20 次）。"
                    )
                    % {"most": MAX_PROBE_MINUTES}
                }
            )

    def as_rule(self) -> Rule:
        default = DEFAULT_RULES[self.code]
        return Rule(
            code=self.code,
            label=default.label,
            severity=Severity(self.severity),
            threshold=self.threshold
            if self.threshold is not None
            else default.threshold,
            unit=default.unit,
            points=self.points,
            weight=self.weight,
            measure=self.measure or default.measure,
            enabled=self.enabled,
        )


class ColumnKindTag(models.Model):
    """The kind of a column, which picks its freshness rule. Untagged columns are judged
    by their title (rules.column_kind). Stored here, not on ColumnPage: core is below us."""

    column = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("栏目"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("栏目类型"), max_length=20, choices=KIND_CHOICES)

    class Meta:
        verbose_name = _("栏目类型")
        verbose_name_plural = _("栏目类型")

    def __str__(self) -> str:
        return f"{self.column.title} · {self.get_kind_display()}"

    def clean(self) -> None:
        if self.column_id and not ColumnPage.objects.filter(pk=self.column_id).exists():
            raise ValidationError({"column": _("请选择一个栏目页面。")})

    @property
    def column_kind(self) -> ColumnKind:
        return ColumnKind(self.kind)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("检查中")
    DONE = "done", _("已完成")
    ERROR = "error", _("出错")


class RunTrigger(models.TextChoices):
    ADMIN = "admin", _("后台手动")
    SCHEDULE = "schedule", _("定时")
    COMMAND = "command", _("命令行")


class RunMode(models.TextChoices):
    FULL = "full", _("全量")
    INCREMENTAL = "incremental", _("增量")


class InspectionRun(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    trigger = models.CharField(_("来源"), max_length=10, choices=RunTrigger.choices)
    mode = models.CharField(
        _("方式"), max_length=12, choices=RunMode.choices, default=RunMode.FULL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    published = models.BooleanField(_("已发布站点"), default=True)
    failed = models.BooleanField(_("单项否决"), default=False)
    score = models.DecimalField(
        _("扣分指标得分（估算）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    veto_count = models.PositiveIntegerField(_("单项否决项"), default=0)
    finding_count = models.PositiveIntegerField(_("问题数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    parsed_files = models.PositiveIntegerField(_("检查的页面文件数"), default=0)
    # The publishing manifest (path -> SHA-256) the run saw; kept on the latest run of a
    # site only, for the next incremental run to find the files changed since.
    manifest = models.JSONField(_("文件清单"), default=dict, blank=True)

    class Meta:
        verbose_name = _("自查记录")
        verbose_name_plural = _("自查记录")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["site", "-created_at"], name="inspection_run_site_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.created_at:%Y-%m-%d %H:%M}"


class RunFinding(models.Model):
    run = models.ForeignKey(
        InspectionRun, on_delete=models.CASCADE, related_name="findings"
    )
    check_code = models.CharField(_("检查项"), max_length=40)
    rule = models.CharField(_("指标"), max_length=40)
    severity = models.CharField(_("类别"), max_length=10, choices=SEVERITY_CHOICES)
    message = models.TextField(_("问题"))
    page_id = models.BigIntegerField(_("页面ID"), null=True, blank=True)
    location = models.CharField(_("位置"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("自查问题")
        verbose_name_plural = _("自查问题")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.message


class TermAcknowledgement(models.Model):
    """A person's confirmation that a 严重错别字 hit on one revision of a page is intended
    (or will be handled), without which 终审 refuses to publish that revision.

    Kept on the revision: a new revision is judged afresh, so fixing the text clears the hit
    and a new revision that still holds it needs a new confirmation."""

    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("版本"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    wrong = models.CharField(_("疑似错误"), max_length=100)
    correct = models.CharField(_("应为"), max_length=100)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("错别字确认")
        verbose_name_plural = _("错别字确认")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "wrong"], name="inspection_ack_revision_wrong"
            )
        ]

    def __str__(self) -> str:
        return f"{self.revision_id} · {self.wrong}"


def wrong_forms_of(text: str) -> list[str]:
    """The wrong forms typed one a line (blank lines and surrounding spaces dropped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProtectedTerm(models.Model):
    """An organisation's own protected term (a local leader's name, a title), with its
    listed wrong forms. Precision first, as for the national list (spelling.py): only the
    listed wrong forms are flagged, each a 严重错别字 on the organisation's pages."""

    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    term = models.CharField(
        _("规范写法"), max_length=100, help_text=_("如领导姓名或职务名称。")
    )
    wrong_forms = models.TextField(
        _("错误写法"),
        help_text=_("每行一个。只标记这里列出的错误写法（单项否决，须改正或确认）。"),
    )
    note = models.CharField(
        _("说明或依据"), max_length=200, blank=True, help_text=_("如任免文件文号。")
    )
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("保护词")
        verbose_name_plural = _("保护词")
        ordering = ["organisation", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term"], name="inspection_term_org_term"
            )
        ]

    def __str__(self) -> str:
        return self.term

    def wrong_form_list(self) -> list[str]:
        return wrong_forms_of(self.wrong_forms)

    def clean(self) -> None:
        self.term = (self.term or "").strip()
        forms = self.wrong_form_list()
        if not forms:
            raise ValidationError({"wrong_forms": _("请至少填写一个错误写法。")})
        protected = set(PROTECTED_TERMS)
        if self.organisation_id:
            protected |= set(
                ProtectedTerm.objects.filter(organisation_id=self.organisation_id)
                .exclude(pk=self.pk)
                .values_list("term", flat=True)
            )
        errors = []
        seen: set[str] = set()
        for form in forms:
            if form == self.term:
                errors.append(_("“%(form)s”与规范写法相同。") % {"form": form})
            elif form in seen:
                errors.append(_("“%(form)s”重复填写。") % {"form": form})
            elif form in protected:
                errors.append(
                    _("“%(form)s”本身是保护词，不能作为错误写法。") % {"form": form}
                )
            seen.add(form)
        if errors:
            raise ValidationError({"wrong_forms": errors})


class ReachabilityProbe(models.Model):
    """One visit of a site's home page by the reachability probe (probes.py), kept 30 days:
    站点无法访问 is judged from the last 7 days of them (rules.judge_reachability).

    `slot` is the start of the probe interval the visit belongs to; one row per site and
    slot, claimed before the visit, so several processes running the probe loop (the
    worker and each `gongkai serve`) visit once per interval. `reachable` is None while
    the visit is under way (or when the process died during it: such rows never count)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    slot = models.DateTimeField(_("时段"))
    probed_at = models.DateTimeField(_("访问时间"))
    reachable = models.BooleanField(_("可以打开"), null=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP 状态"), null=True)
    elapsed_ms = models.PositiveIntegerField(_("用时（毫秒）"), null=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("首页访问记录")
        verbose_name_plural = _("首页访问记录")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slot"], name="inspection_probe_site_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site_id} · {self.slot:%Y-%m-%d %H:%M}"
