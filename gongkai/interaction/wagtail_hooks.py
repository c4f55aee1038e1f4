from typing import Any

from django.http import Http404, HttpRequest
from django.urls import include, path, reverse
from django.utils.timezone import localdate
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls, selectors
from .admin_views import organisation_ids_for
from .models import Channel, InteractionOfficer, Solicitation
from .office_scope import OfficeScopedPolicy, ScopedFormMixin, ScopedObjectMixin

register_permission_policy(Channel, OfficeScopedPolicy(Channel))
register_permission_policy(Solicitation, OfficeScopedPolicy(Solicitation))


class ScopedEditView(ScopedFormMixin, ScopedObjectMixin, snippet_views.EditView):
    pass


class ScopedCreateView(ScopedFormMixin, snippet_views.CreateView):
    pass


class ScopedCopyView(ScopedFormMixin, snippet_views.CopyView):
    def get_object(self, queryset: Any = None) -> Any:
        # CopyView checks change/view on the instance through the policy: another
        # organisation's row answers 403 there; 404 like the other views.
        pk = self.kwargs[self.pk_url_kwarg]
        obj = self.model._default_manager.filter(pk=pk).first()
        if (
            obj is None
            or not self.permission_policy.user_has_any_permission_for_instance(
                self.request.user, ["change", "view"], obj
            )
        ):
            raise Http404
        return obj


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, snippet_views.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, snippet_views.UsageView):
    pass


class OfficeScopedViewSet(SnippetViewSet):
    """Rows of the user's organisations only (office_scope.py): the listing is
    filtered and every object view answers 404 for another organisation's row."""

    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    copy_view_class = ScopedCopyView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView

    def get_queryset(self, request: HttpRequest) -> Any:
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change", "view"]
        )


class InteractionMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_superuser or (
            user.is_authenticated
            and InteractionOfficer.objects.filter(user=user).exists()
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
    list_display = [
        Column("user", label="用户"),
        Column("organisation", label="机构"),
        BooleanColumn("supervises", label="公开办督办"),
    ]


register_snippet(InteractionOfficerViewSet)


class ChannelViewSet(OfficeScopedViewSet):
    """Channels per site/organisation with their reply deadline: superusers, the
    model permissions (site-wide), or the organisation's office (office_scope.py)."""

    model = Channel
    icon = "mail"
    menu_label = "互动栏目"
    add_to_settings_menu = True
    list_display = [
        "name",
        "kind",
        "recipient",
        "organisation",
        "site",
        "reply_working_days",
        BooleanColumn("is_active", label="启用"),  # 是/否, not the raw True/False
    ]


register_snippet(ChannelViewSet)


class SolicitationViewSet(OfficeScopedViewSet):
    """征集调查 drafts, dates and the 意见采纳情况 summary: superusers, the model
    permissions (site-wide), or the organisation's office (office_scope.py);
    handlers read the opinions in the 互动交流 queue."""

    model = Solicitation
    icon = "doc-full"
    menu_label = "征集调查"
    menu_order = 231
    list_display = [
        "title",
        "organisation",
        "starts_on",
        "ends_on",
        "summary_published",
    ]


register_snippet(SolicitationViewSet)


class InteractionPanel(Component):
    """Dashboard notice: overdue letters and 互动 columns silent for 3 months (单项否决)."""

    order = 60
    template_name = "interaction/admin/dashboard_panel.html"

    def __init__(self, overdue: int, silent: list[str], late: int = 0) -> None:
        self.overdue = overdue
        self.silent = silent
        self.late = late

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"overdue": self.overdue, "silent": self.silent, "late": self.late}


@hooks.register("construct_homepage_panels")
def add_interaction_panel(request: HttpRequest, panels: list[Any]) -> None:
    ids = organisation_ids_for(request.user)
    if ids == []:
        return
    today = localdate()
    letters = selectors.letters_for_organisations(ids)
    overdue = selectors.overdue(letters, today).count()
    silent = selectors.silent_kinds(today)
    late = len(selectors.long_unanswered(letters, today))
    if overdue or silent or late:
        panels.append(InteractionPanel(overdue, silent, late))
