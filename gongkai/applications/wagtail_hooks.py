from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import urls
from .models import OfficerAssignment
from .permissions import can_handle_any


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_handle_any(request.user)


@hooks.register("register_admin_urls")
def register_applications_urls() -> list[Any]:
    return [path("applications/", include(urls, namespace="gongkai_applications"))]


@hooks.register("register_admin_menu_item")
def register_applications_menu_item() -> MenuItem:
    return ApplicationsMenuItem(
        _("依申请公开"),
        reverse("gongkai_applications:index"),
        icon_name="mail",
        order=220,
    )


class OfficerAssignmentViewSet(SnippetViewSet):
    model = OfficerAssignment
    icon = "group"
    menu_label = _("依申请公开办理人员")
    add_to_settings_menu = True
    list_display = ["user", "department"]
    list_filter = ["department"]


register_snippet(OfficerAssignmentViewSet)
