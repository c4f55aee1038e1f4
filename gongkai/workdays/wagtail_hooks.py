from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CalendarYear
from .selectors import list_years_to_enter


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "date"
    menu_label = _("工作日历")
    menu_order = 800
    add_to_admin_menu = True
    list_display = ["__str__", "source", "entered_at", "entered_by"]
    ordering = ["-year"]
    search_fields = ["source", "note"]


calendar_year_viewset = CalendarYearViewSet()
register_snippet(calendar_year_viewset)


class MissingCalendarYearsPanel(Component):
    """Dashboard notice: the schedule of this year (or next, from November) is missing."""

    order = 50  # above Wagtail's own panels
    template_name = "workdays/missing_years_panel.html"

    def __init__(self, years: list[int], add_url: str | None) -> None:
        self.years = years
        self.add_url = add_url

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"years": self.years, "add_url": self.add_url}


@hooks.register("construct_homepage_panels")  # type: ignore[untyped-decorator]  # wagtail is untyped
def add_missing_calendar_years_panel(request: HttpRequest, panels: list[Any]) -> None:
    years = list_years_to_enter(today=localdate())
    if not years:
        return
    can_add = calendar_year_viewset.permission_policy.user_has_permission(
        request.user, "add"
    )
    add_url = reverse(calendar_year_viewset.get_url_name("add")) if can_add else None
    panels.append(MissingCalendarYearsPanel(years, add_url))
