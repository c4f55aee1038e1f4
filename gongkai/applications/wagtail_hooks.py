from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.workdays.models import CalendarYear

from . import urls
from .models import Application, OfficerAssignment
from .permissions import can_handle_any
from .services import refresh_due_on


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


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def refresh_due_dates_of_entered_year(request: HttpRequest, instance: Any) -> None:
    """Once a year's calendar is entered (with its days: the hook runs after they are
    saved, unlike post_save of the year), the applications that waited for it get their
    due dates at once instead of at the next daily task."""
    if not isinstance(instance, CalendarYear):
        return
    for application in Application.objects.filter(calendar_missing_year=instance.year):
        refresh_due_on(application)
