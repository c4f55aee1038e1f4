"""The figures of table 2 the catalog cannot know, entered by the office per year."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class AnnualFigures(models.Model):
    """第二十条第（五）（六）（八）项 of table 2 for one organisation and year."""

    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="annual_figures",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    licensing_decisions = models.PositiveIntegerField(
        _("行政许可（本年处理决定数量）"), default=0
    )
    penalty_decisions = models.PositiveIntegerField(
        _("行政处罚（本年处理决定数量）"), default=0
    )
    enforcement_decisions = models.PositiveIntegerField(
        _("行政强制（本年处理决定数量）"), default=0
    )
    fees_amount = models.DecimalField(
        _("行政事业性收费（本年收费金额，万元）"),
        max_digits=14,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(
        _("数据来源"),
        max_length=200,
        blank=True,
        help_text=_("如：区行政审批局提供，2023年1月10日。"),
    )

    panels = [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("year")]),
        FieldRowPanel(
            [
                FieldPanel("licensing_decisions"),
                FieldPanel("penalty_decisions"),
                FieldPanel("enforcement_decisions"),
            ]
        ),
        FieldPanel("fees_amount"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("年度报告数据")
        verbose_name_plural = _("年度报告数据")
        ordering = ["-year", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="unique_annual_figures_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
