from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import InspectionView, can_view_inspection

URL_NAME = "gongkai_inspection_report"


class InspectionMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_inspection(request.user)


@hooks.register("register_admin_urls")
def register_inspection_url() -> list[Any]:
    return [path("inspection/", InspectionView.as_view(), name=URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_inspection_menu_item() -> MenuItem:
    return InspectionMenuItem(
        _("网站自查"), reverse(URL_NAME), icon_name="warning", order=232
    )
