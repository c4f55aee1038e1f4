"""The figures of table 2 the catalog cannot know, entered by the office per year, and
the annual report page (sections 一-六, tables as published)."""

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, Panel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from gongkai.catalog.models import DisclosurePage, DisclosurePageForm

from .layout import TableLayout, layout_tables
from .snapshots import CellChange, diff_snapshots


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


class AnnualReportPageForm(DisclosurePageForm):
    """Recomputes the tables on every save (services.check_annual_report); inconsistent
    data blocks publishing, and a draft saved with it keeps the last consistent tables
    and carries the problem to the editor (wagtail_hooks.warn_of_inconsistent_report)."""

    report: Any = None  # services.ReportCheck once clean() ran with a scope

    def clean(self) -> dict[str, Any]:
        from .services import check_annual_report

        cleaned = super().clean()
        self.report = None
        organisation, year = cleaned.get("organisation"), cleaned.get("year")
        if organisation is None or not year:
            return cleaned
        self.report = check_annual_report(
            organisation=organisation,
            year=year,
            include_departments=bool(cleaned.get("include_departments")),
        )
        if self.report.problem is not None and "action-publish" in self.data:
            self.add_error(
                None,
                _("年度报告的数据不一致，不能发布。%(reason)s请先更正这些申请。")
                % {"reason": self.report.problem},
            )
        return cleaned

    def save(self, commit: bool = True) -> Any:
        from .services import apply_tables

        page = super().save(commit=False)
        if self.report is not None:
            page.report_problem = str(self.report.problem or "")
            if self.report.tables is not None:
                apply_tables(page=page, tables=self.report.tables)
        if commit:
            page.save()
        return page


class ReportChangesPanel(Panel):
    """The cells changed by the last regeneration, and a button to regenerate."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "reports/admin/report_changes_panel.html"

        def get_context_data(self, parent_context: Any = None) -> Any:
            context = super().get_context_data(parent_context)
            page = self.instance
            context["changes"] = page.changes() if page.pk else []
            context["page"] = page
            return context


class AnnualReportPage(RoutablePageMixin, DisclosurePage):
    """政府信息公开工作年度报告: the office's text for sections 一, 五 and 六, and tables
    2-4 computed from the data and frozen as published (条例第四十九、五十条)."""

    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("报告机构"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    include_departments = models.BooleanField(
        _("汇总下属部门"),
        default=False,
        help_text=_("政府年度报告汇总本级及下属部门的数据时勾选。"),
    )
    overview = models.TextField(
        _("一、总体情况"),
        blank=True,
        help_text=_(
            "主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况；空行分段。"
        ),
    )
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(
        _("六、其他需要报告的事项"),
        blank=True,
        help_text=_("留空则按本年度收取的信息处理费自动填写。"),
    )
    tables_snapshot = models.JSONField(
        _("表格数据"), default=dict, blank=True, editable=False
    )
    previous_snapshot = models.JSONField(
        _("上次生成的表格数据"), default=dict, blank=True, editable=False
    )
    generated_at = models.DateTimeField(
        _("表格生成时间"), null=True, blank=True, editable=False
    )

    # Not a field: why the last form save could not compute the tables (the form sets
    # it, the after_edit_page hook shows it); empty when the tables are up to date.
    report_problem = ""

    base_form_class = AnnualReportPageForm
    is_creatable = True
    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("year"),
                FieldPanel("include_departments"),
            ],
            heading=_("报告范围"),
        ),
        FieldPanel("overview"),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
        ReportChangesPanel(heading=_("表格（二、三、四）")),
        *DisclosurePage.metadata_panels,
    ]
    search_fields = [
        *DisclosurePage.search_fields,
        index.SearchField("overview"),
        index.SearchField("problems"),
        index.SearchField("other_matters"),
    ]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []
    template = "reports/annual_report_page.html"

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")

    @property
    def report_title(self) -> str:
        return f"{self.organisation.name}{self.year}年政府信息公开工作年度报告"

    def paragraphs(self, field_name: str) -> list[str]:
        text: str = getattr(self, field_name)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def outline(self) -> list[dict[str, Any]]:
        """The six sections in order, for the page and the DOCX alike: each its title, the
        office's paragraphs (一, 五, 六) and its table (二, 三, 四: 表二-表四 as published)."""
        prose = {0: "overview", 4: "problems", 5: "other_matters"}
        tables = dict(zip((1, 2, 3), self.table_layouts(), strict=False))
        return [
            {
                "title": title,
                "paragraphs": self.paragraphs(prose[number]) if number in prose else [],
                "table": tables.get(number),
            }
            for number, title in enumerate(SECTION_TITLES)
        ]

    def table_layouts(self) -> list[TableLayout]:
        return layout_tables(self.tables_snapshot)

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from .preamble import preamble_paragraphs

        context = super().get_context(request, *args, **kwargs)
        context["preamble"] = preamble_paragraphs(self)
        context["sections"] = self.outline()
        url = self.get_url(request) or ""
        context["docx_url"] = url + self.download_name("docx")
        context["xlsx_url"] = url + self.download_name("xlsx")
        return context

    def changes(self) -> list[CellChange]:
        return diff_snapshots(self.previous_snapshot, self.tables_snapshot)

    # Downloads are files beside the page (`<page url><slug>.docx`): publishing writes
    # them into the tree (nginx types them by extension); before publishing and in
    # previews `gongkai.reports.public_urls` serves the same URL from the application.
    # Protocol read by publishing.targets (same layer, no import): published_downloads()
    # and render_download(name).
    def download_name(self, extension: str) -> str:
        return f"{self.slug}.{extension}"

    def published_downloads(self) -> dict[str, str]:
        """File name -> content type of each file published beside the page."""
        return {
            self.download_name("docx"): DOCX_TYPE,
            self.download_name("xlsx"): XLSX_TYPE,
        }

    def render_download(self, name: str) -> bytes:
        if name == self.download_name("docx"):
            from .report_docx import build_docx

            return build_docx(self)
        if name == self.download_name("xlsx"):
            from .report_xlsx import build_xlsx

            return build_xlsx(self)
        raise KeyError(name)

    def serve_download(self, name: str) -> HttpResponse:
        content_type = self.published_downloads()[name]
        extension = name.rsplit(".", 1)[-1]
        return _download(
            self.render_download(name), content_type, f"{self.report_title}.{extension}"
        )

    # The former dynamic URLs (never published): moved permanently to the files.
    @path("docx/", name="docx")
    def docx(self, request: HttpRequest) -> HttpResponse:
        return HttpResponsePermanentRedirect(
            (self.get_url(request) or "") + self.download_name("docx")
        )

    @path("xlsx/", name="xlsx")
    def xlsx(self, request: HttpRequest) -> HttpResponse:
        return HttpResponsePermanentRedirect(
            (self.get_url(request) or "") + self.download_name("xlsx")
        )


SECTION_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
