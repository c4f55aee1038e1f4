from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
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
    list_display = ["user", "organisation"]


register_snippet(InteractionOfficerViewSet)
