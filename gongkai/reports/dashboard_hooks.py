"""The admin URL and menu item of the dashboard 年度报告统计 (imported by wagtail_hooks)."""

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard_views import DashboardView, can_view_dashboard

URL_NAME = "gongkai_reports_dashboard"


class DashboardMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_dashboard(request.user)


@hooks.register("register_admin_urls")
def register_dashboard_url() -> list[Any]:
    return [path("reports/dashboard/", DashboardView.as_view(), name=URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item() -> MenuItem:
    return DashboardMenuItem(
        _("年度报告统计"), reverse(URL_NAME), icon_name="doc-full", order=231
    )
