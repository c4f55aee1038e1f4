from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.timezone import localdate
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls, selectors
from .admin_views import organisation_ids_for
from .models import InteractionOfficer


class InteractionMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            user.is_superuser or InteractionOfficer.objects.filter(user=user).exists()
        )


@hooks.register("register_admin_urls")
def register_interaction_urls() -> list[Any]:
    return [path("hudong/", include(admin_urls, namespace="gongkai_interaction"))]


@hooks.register("register_admin_menu_item")
def register_interaction_menu_item() -> MenuItem:
    return InteractionMenuItem(
        "互动交流", reverse("gongkai_interaction:queue"), icon_name="mail", order=230
    )


class InteractionOfficerViewSet(SnippetViewSet):
    model = InteractionOfficer
    icon = "group"
    menu_label = "互动交流办理人员"
    add_to_settings_menu = True
    # The model's fields have no verbose_name; Column labels avoid a migration (issue #16).
    list_display = [Column("user", label="用户"), Column("organisation", label="机构")]


register_snippet(InteractionOfficerViewSet)


class InteractionPanel(Component):
    """Dashboard notice: overdue letters and 互动 columns silent for 3 months (单项否决)."""

    order = 60
    template_name = "interaction/admin/dashboard_panel.html"

    def __init__(self, overdue: int, silent: list[str]) -> None:
        self.overdue = overdue
        self.silent = silent

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"overdue": self.overdue, "silent": self.silent}


@hooks.register("construct_homepage_panels")
def add_interaction_panel(request: HttpRequest, panels: list[Any]) -> None:
    ids = organisation_ids_for(request.user)
    if ids == []:
        return
    today = localdate()
    overdue = selectors.overdue(selectors.letters_for_organisations(ids), today).count()
    silent = selectors.silent_kinds(today)
    if overdue or silent:
        panels.append(InteractionPanel(overdue, silent))
