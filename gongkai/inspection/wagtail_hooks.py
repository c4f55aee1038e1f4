from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import acknowledgements, editor, publish_guards
from .ack_views import AcknowledgeView
from .models import ColumnKindTag, InspectionRule, ProtectedTerm
from .term_admin import OwnOrganisationPolicy, ProtectedTermViewSet
from .views import ExportRunView, InspectionView, StartRunView, can_view_inspection

URL_NAME = "gongkai_inspection_report"


class InspectionMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_inspection(request.user)


@hooks.register("register_admin_urls")
def register_inspection_url() -> list[Any]:
    return [
        path("inspection/", InspectionView.as_view(), name=URL_NAME),
        path(
            "inspection/run/", StartRunView.as_view(), name="gongkai_inspection_start"
        ),
        path(
            "inspection/acknowledge/<int:page_id>/",
            AcknowledgeView.as_view(),
            name="gongkai_inspection_acknowledge",
        ),
        path(
            "inspection/runs/<int:run_id>/export.<str:file_format>",
            ExportRunView.as_view(),
            name="gongkai_inspection_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_inspection_menu_item() -> MenuItem:
    return InspectionMenuItem(
        _("网站自查"), reverse(URL_NAME), icon_name="warning", order=232
    )


class InspectionRuleViewSet(SnippetViewSet):
    """Per-site settings of the indicators (threshold, weight, 单项否决 or 扣分).
    Superusers by default; grant the model permissions to a group to delegate."""

    model = InspectionRule
    icon = "warning"
    menu_label = _("自查指标")
    add_to_settings_menu = True
    list_display = [
        "site",
        "code",
        "severity",
        "threshold",
        "points",
        "weight",
        "enabled",
    ]
    list_filter = ["site", "severity", "enabled"]


class ColumnKindTagViewSet(SnippetViewSet):
    """Which freshness rule applies to a column (动态 / 通知公告、政策文件 / 静态)."""

    model = ColumnKindTag
    icon = "folder-open-inverse"
    menu_label = _("栏目类型")
    add_to_settings_menu = True
    list_display = ["column", "kind"]
    list_filter = ["kind"]


register_snippet(InspectionRuleViewSet)
register_snippet(ColumnKindTagViewSet)
# Before the viewset: it registers Wagtail's global model policy when none is registered.
register_permission_policy(
    ProtectedTerm, OwnOrganisationPolicy(ProtectedTerm), exact_class=True
)
register_snippet(ProtectedTermViewSet)


hooks.register("before_edit_page", editor.before_edit_page)
hooks.register("gongkai_final_approval_error", acknowledgements.final_approval_error)
hooks.register("before_publish_page", publish_guards.before_publish_page)
hooks.register("before_bulk_action", publish_guards.before_bulk_action)


@hooks.register("register_log_actions")
def register_inspection_log_actions(actions: Any) -> None:
    actions.register_action(
        publish_guards.REFUSED_ACTION, _("发布未执行"), _("发布未执行")
    )
