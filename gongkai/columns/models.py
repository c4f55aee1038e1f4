"""The site's page types: 首页 (HomePage) and 栏目 (ColumnPage).

They sit above catalog and search (docs/architecture.md): a column lists catalog items
and a catalog-mode column shows the search engine's catalog table, so the page types
cannot live in core, which everything imports.
"""

from typing import Any

from django import forms
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from gongkai.catalog.selectors import list_column_items, list_latest_by_column
from gongkai.core.enums import ColumnListMode

from .column_pages import ColumnListPage, count_numbered_pages, numbered_page_slice

PAGINATION_SEGMENT = "page"  # list page N of a column is at <column url>page/N/


class HomePage(Page):
    """首页 of a site: the latest items of its main columns."""

    intro = models.CharField(_("简介"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["columns.ColumnPage"]
    parent_page_types = ["wagtailcore.Page"]
    template = "columns/home_page.html"

    class Meta:
        verbose_name = _("站点首页")
        # The table predates this app (migrations/0001_initial.py moved the model from
        # core without copying rows): page, revision and permission rows keep their ids.
        db_table = "core_homepage"

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
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
    # catalog search (columns.selectors.catalog_sources) and by incremental publishing.
    catalog_columns = ParentalManyToManyField(
        "columns.ColumnPage",
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
        "columns.ColumnPage",
        "catalog.ArticlePage",
        "catalog.InterpretationPage",
        "catalog.PolicyDocumentPage",
        "reports.AnnualReportPage",
    ]
    parent_page_types = ["columns.HomePage", "columns.ColumnPage"]
    template = "columns/column_page.html"

    class Meta:
        verbose_name = _("栏目")
        db_table = "core_columnpage"  # kept from core, as HomePage's

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # The static page is the first page of the catalog (empty parameters); the
        # dynamic /search/catalog/<id>/ calls the same selector with its query string.
        from .selectors import column_context  # selectors import this module

        context = super().get_context(request, *args, **kwargs)
        context.update(
            column_context(
                self,
                QueryDict(),
                page_number=kwargs.get("page_number"),
                list_count=kwargs.get("list_count"),
            )
        )
        return context

    def get_template(self, request: Any, *args: Any, **kwargs: Any) -> str:
        if self.list_mode == ColumnListMode.CATALOG:
            return "columns/catalog_page.html"
        return super().get_template(request, *args, **kwargs)

    def count_list_items(self) -> int:
        return list_column_items(column=self).count()

    def get_list_page(
        self, number: int | None = None, *, count: int | None = None
    ) -> ColumnListPage:
        """The front page (`number` None: newest items) or numbered page `number`,
        numbered from the oldest item (stable pagination, see columns/column_pages.py)."""
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
