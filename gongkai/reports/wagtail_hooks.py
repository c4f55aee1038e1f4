from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import gongkai.core.url_converters  # noqa: F401 (registers the "dbid" converter)

from . import dashboard_hooks  # noqa: F401 (registers the dashboard's URL and menu item)
from .models import AnnualFigures
from .views import regenerate_report


class AnnualFiguresViewSet(SnippetViewSet):
    model = AnnualFigures
    icon = "table"
    menu_label = _("年度报告数据")
    add_to_admin_menu = True
    menu_order = 230
    list_display = [
        "organisation",
        "year",
        "licensing_decisions",
        "penalty_decisions",
        "enforcement_decisions",
        "fees_amount",
        "source",
    ]
    list_filter = ["year", "organisation"]


register_snippet(AnnualFiguresViewSet)


@hooks.register("register_admin_urls")
def register_report_urls() -> list:
    return [
        path(
            "reports/<dbid:page_id>/regenerate/",
            regenerate_report,
            name="reports_regenerate",
        )
    ]


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_inconsistent_report(request: HttpRequest, page: Any) -> None:
    """A draft saved with inconsistent data says so: its tables were not updated.

    Wagtail's autosave (a JSON request) shows no messages; the next save does."""
    problem = getattr(page, "report_problem", "")
    if problem and request.accepts("text/html"):
        messages.warning(
            request,
            _(
                "草稿已保存，但年度报告的数据不一致，表格未更新，也不能发布。"
                "%(reason)s请先更正这些申请。"
            )
            % {"reason": problem},
        )
