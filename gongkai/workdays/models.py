"""Yearly holiday schedules entered in the admin (工作日历).

An entered year replaces the chinesecalendar package's data for that year, or adds a
year the package does not know yet (the State Council announces next year's
schedule each November). selectors.get_calendar merges the two.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from .calendar import YearSchedule
from .enums import DayKind
from .forms import CalendarDaysPanel, CalendarYearForm


class CalendarYear(ClusterableModel):
    """One year's schedule as announced by the 国务院办公厅 notice."""

    year = models.PositiveSmallIntegerField(
        _("年份"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_(
            "录入后，该年完全按本表计算工作日（覆盖系统内置的节假日数据）。"
            "周一至周五为工作日，下面列出的放假日除外；列出的调休上班日（周六、周日）为工作日。"
        ),
    )
    source = models.CharField(
        _("依据文件"),
        max_length=200,
        blank=True,
        help_text=_(
            "如：国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
        ),
    )
    note = models.TextField(_("备注"), blank=True)
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = CalendarYearForm
    panels = [
        FieldPanel("year"),
        FieldPanel("source"),
        FieldPanel("note"),
        CalendarDaysPanel(
            "days",
            heading=_("放假与调休上班日期"),
            label=_("日期"),
            help_text=_(
                "逐日录入整个假期（含其中的周末）的放假日期，以及调休上班的周六、周日。"
            ),
        ),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("工作日历（年度）")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return gettext("%(year)d年工作日历") % {"year": self.year}

    def to_schedule(self) -> YearSchedule:
        """The year's schedule for the calendar (uses prefetched days when present)."""
        days = list(self.days.all())
        return YearSchedule(
            year=self.year,
            holidays=frozenset(d.day for d in days if d.kind == DayKind.HOLIDAY),
            workdays=frozenset(d.day for d in days if d.kind == DayKind.WORKDAY),
        )


class CalendarDay(models.Model):
    """A day off (放假) or a make-up working day (调休上班) of a CalendarYear."""

    calendar_year = ParentalKey(
        CalendarYear,
        verbose_name=_("年度"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(
        _("节日名称"), max_length=50, blank=True, help_text=_("如：春节、国庆节")
    )

    panels = [FieldPanel("day"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        ordering = ["day"]
        verbose_name = _("日历日期")
        verbose_name_plural = _("日历日期")

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()} {self.name}".strip()
