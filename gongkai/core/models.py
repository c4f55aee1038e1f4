"""Organisations (机构), the site's home and column pages (栏目), and site identity."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from .column_pages import ColumnListPage, count_numbered_pages, numbered_page_slice
from .enums import ColumnListMode, OrganisationKind
from .organisation_codes import OrganisationCodeError, validate_code_for_kind

DEFAULT_INDEX_NUMBER_FORMAT = "{code}/{year}-{serial}"
PAGINATION_SEGMENT = "page"  # list page N of a column is at <column url>page/N/


class Organisation(models.Model):
    """A government, department or township that publishes information (发布机构)."""

    name = models.CharField(_("机构全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(
        _("机构类型"), max_length=20, choices=OrganisationKind.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        _("机构代码"),
        max_length=18,
        help_text=_(
            "用于索引号前段码：政府、乡镇街道填12位行政区划代码（如 330703000000）或18位统一社会信用代码；"
            "部门填9位组织机构代码或18位统一社会信用代码。"
        ),
    )
    index_number_format = models.CharField(
        _("索引号格式"),
        max_length=64,
        default=DEFAULT_INDEX_NUMBER_FORMAT,
        help_text=_("可用占位符：{code} 机构代码，{year} 年份，{serial} 流水号。"),
    )
    serial_width = models.PositiveSmallIntegerField(
        _("流水号位数"), default=5, help_text=_("国家目录体系为5位；部分省份使用6位。")
    )
    root_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("所属站点或栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("该机构拥有的站点首页或栏目子树。"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("index_number_format"),
                FieldPanel("serial_width"),
            ],
            heading=_("索引号"),
        ),
        FieldPanel("root_page"),
    ]

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        errors: dict[str, Any] = {}
        try:
            validate_code_for_kind(self.code, self.kind)
        except OrganisationCodeError as exc:
            errors["code"] = str(exc)
        for placeholder in ("{code}", "{year}", "{serial}"):
            if placeholder not in self.index_number_format:
                errors["index_number_format"] = _(
                    "索引号格式必须包含 {code}、{year} 和 {serial}。"
                )
        try:
            # Any other placeholder or a stray brace would fail at the first publish.
            self.index_number_format.format(code="", year="", serial="")
        except (KeyError, IndexError, ValueError):
            errors.setdefault(
                "index_number_format",
                _("索引号格式只能使用 {code}、{year}、{serial} 三个占位符。"),
            )
        if not 3 <= self.serial_width <= 8:
            errors["serial_width"] = _("流水号位数应在3到8之间。")
        if errors:
            raise ValidationError(errors)


class HomePage(Page):
    """首页 of a site: the latest items of its main columns."""

    intro = models.CharField(_("简介"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["core.ColumnPage"]
    parent_page_types = ["wagtailcore.Page"]
    template = "core/home_page.html"

    class Meta:
        verbose_name = _("站点首页")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from gongkai.catalog.selectors import list_latest_by_column

        context = super().get_context(request, *args, **kwargs)
        context["column_blocks"] = list_latest_by_column(home=self, per_column=6)
        return context


class ColumnPage(Page):
    """栏目: a column of any depth; lists the items below it, newest first."""

    intro = RichTextField(_("栏目说明"), blank=True, features=["bold", "link"])
    items_per_page = models.PositiveSmallIntegerField(_("每页条数"), default=20)
    list_mode = models.CharField(
        _("列表方式"),
        max_length=20,
        choices=ColumnListMode.choices,
        default=ColumnListMode.LIST,
        help_text=_(
            "公开目录方式以表格列出索引号、名称、文号、发布机构、发布日期、有效性，可筛选和下载。"
        ),
    )
    requires_interpretation = models.BooleanField(
        _("政策文件须同步解读"),
        default=False,
        help_text=_(
            "勾选后，本栏目的政策文件须关联至少一篇解读（或说明不解读的理由）才能发布。"
        ),
    )

    # The 法定主动公开内容 catalog also lists the items of columns kept elsewhere in the
    # tree (the district's 规范性文件 under 政策文件): a configurable mapping, read by the
    # catalog search (gongkai.search.views.catalog_context) and by incremental publishing.
    catalog_columns = ParentalManyToManyField(
        "core.ColumnPage",
        blank=True,
        symmetrical=False,
        related_name="catalogs",
        verbose_name=_("目录同时收录的栏目"),
        help_text=_(
            "仅对公开目录方式的栏目有效：所选栏目（含其子栏目）的信息也列入本目录。"
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("items_per_page"),
        FieldPanel("list_mode"),
        FieldPanel("catalog_columns", widget=forms.CheckboxSelectMultiple),
        FieldPanel("requires_interpretation"),
    ]
    subpage_types = [
        "core.ColumnPage",
        "catalog.ArticlePage",
        "catalog.InterpretationPage",
        "catalog.PolicyDocumentPage",
        "reports.AnnualReportPage",
    ]
    parent_page_types = ["core.HomePage", "core.ColumnPage"]
    template = "core/column_page.html"

    class Meta:
        verbose_name = _("栏目")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Only child columns: a leaf column's items are listed below, not as sub-columns
        # (loading every child item on each list page cost a query of the whole column).
        context["subcolumns"] = (
            self.get_children().live().public().type(ColumnPage).specific()
        )
        if self.list_mode == ColumnListMode.CATALOG:
            # The disclosure catalog table, first page only (this page is a static file);
            # its filters, sorting, pages and downloads go to /search/catalog/<id>/.
            from gongkai.search.views import catalog_context

            context.update(catalog_context(column=self, params=QueryDict()))
        else:
            # Raises Http404 for a number past the last page.
            context["page_obj"] = self.get_list_page(
                kwargs.get("page_number"), count=kwargs.get("list_count")
            )
        return context

    def get_template(self, request: Any, *args: Any, **kwargs: Any) -> str:
        if self.list_mode == ColumnListMode.CATALOG:
            return "search/catalog_page.html"
        return super().get_template(request, *args, **kwargs)

    def count_list_items(self) -> int:
        # Columns list catalog items; imported here because catalog builds on core.
        from gongkai.catalog.selectors import list_column_items

        return list_column_items(column=self).count()

    def get_list_page(
        self, number: int | None = None, *, count: int | None = None
    ) -> ColumnListPage:
        """The front page (`number` None: newest items) or numbered page `number`,
        numbered from the oldest item (stable pagination, see core/column_pages.py)."""
        from gongkai.catalog.selectors import list_column_items

        per_page = max(self.items_per_page, 1)
        items = list_column_items(column=self)
        if count is None:
            count = items.count()
        if number is None:
            return ColumnListPage(None, count, per_page, list(items[:per_page]))
        if not 1 <= number <= count_numbered_pages(count, per_page):
            raise Http404
        start, stop = numbered_page_slice(number, count, per_page)
        return ColumnListPage(number, count, per_page, list(items[start:stop]))

    # List pages 2..N live at path URLs (<column>/page/N/), not ?page=N: a static
    # file cannot answer a query string (see docs/features/publishing.md). A catalog-mode
    # column has none: its pages are served under /search/catalog/<id>/.
    def route(self, request: Any, path_components: list[str]) -> RouteResult:
        if (
            self.live
            and self.list_mode != ColumnListMode.CATALOG
            and len(path_components) == 2
            and path_components[0] == PAGINATION_SEGMENT
            and path_components[1].isdigit()
        ):
            return RouteResult(self, kwargs={"page_number": int(path_components[1])})
        return super().route(request, path_components)

    def serve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("page_number") is None and "page" in request.GET:
            # The old dynamic form ?page=N: send readers to a published URL (numbers
            # now count from the oldest page; a number out of range goes to the front).
            value = request.GET["page"]
            wanted = None
            if value.isdigit() and self.list_mode != ColumnListMode.CATALOG:
                pages = count_numbered_pages(
                    self.count_list_items(), self.items_per_page
                )
                wanted = int(value) if 1 <= int(value) <= pages else None
            return HttpResponsePermanentRedirect(
                self.get_list_page_url(wanted, request)
            )
        # A numbered page (page_number; list_count if the publisher has it) is
        # counted and checked once, in get_context -> get_list_page.
        return super().serve(request, *args, **kwargs)

    def get_list_page_url(self, number: int | None, request: Any = None) -> str:
        """The URL of numbered list page `number` (None: the front page, the column's own URL)."""
        url = self.get_url(request) or ""
        return url if number is None else f"{url}{PAGINATION_SEGMENT}/{number}/"


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """The site's identity shown in every page header and footer (政府网站发展指引 §3,
    shared/reference/rules.md: 党政机关网站标识, 网站标识码, ICP备案, 公安备案, 主办单位, 联系方式)."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("网站标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("页头左侧的徽标图片；不设置时显示系统自带的标志。"),
    )
    sponsor = models.CharField(_("主办单位"), max_length=100, blank=True)
    organiser = models.CharField(_("承办单位"), max_length=100, blank=True)
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    conac_url = models.URLField(
        _("党政机关网站标识链接"),
        blank=True,
        help_text=_(
            "机构编制部门核发的党政机关网站标识的验证地址（bszs.conac.cn）；为空时页脚不显示该标识。"
        ),
    )
    error_report_url = models.URLField(
        _("“我为政府网站找错”链接"),
        max_length=300,
        blank=True,
        help_text=_(
            "全国政府网站“我为政府网站找错”平台上本网站的地址（含网站标识码）。"
        ),
    )

    class Meta:
        verbose_name = _("网站标识与页脚")

    @property
    def police_record_digits(self) -> str:
        return "".join(ch for ch in self.police_number if ch.isdigit())
