from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import stream_input, urls
from .departments import organisation_for_page, organisations_of_user
from .duplicates import DuplicateAwareAddView
from .references import may_download, refused_references
from .review import review_url
from .selectors import list_urgent_publications
from .services import can_urgent_publish, can_withdraw


def _reviews_urgent(user: Any) -> bool:
    return user.has_perm("editorial.view_urgentpublication")


@hooks.register("register_admin_urls")
def register_editorial_urls() -> list[Any]:
    return [
        path("editorial/", include(urls, namespace="gongkai_editorial")),
        # Before wagtail.documents' own URL of the same path (this app comes first in
        # INSTALLED_APPS, so its hook's URLs come first): warns about duplicate files.
        path("documents/multiple/add/", DuplicateAwareAddView.as_view()),
    ]


class UrgentReviewMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _reviews_urgent(request.user)


@hooks.register("register_admin_menu_item")
def register_urgent_menu_item() -> MenuItem:
    return UrgentReviewMenuItem(
        _("紧急发布审核"),
        reverse("gongkai_editorial:urgent_index"),
        icon_name="warning",
        order=215,
    )


class UrgentPublicationsPanel(Component):
    order = 60
    template_name = "editorial/admin/urgent_panel.html"

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"items": self.items}


@hooks.register("construct_homepage_panels")
def add_urgent_publications_panel(request: HttpRequest, panels: list[Any]) -> None:
    if not _reviews_urgent(request.user):
        return
    items = list(list_urgent_publications(user=request.user)[:10])
    if items:
        panels.append(UrgentPublicationsPanel(items))


class UrgentPublishMenuItem(ActionMenuItem):
    label = _("紧急发布")
    name = "action-urgent-publish"
    icon_name = "warning"

    def is_shown(self, context: dict[str, Any]) -> bool:
        return context["view"] == "edit" and can_urgent_publish(
            user=context["request"].user, page=context["page"]
        )

    def get_url(self, context: dict[str, Any]) -> str:
        return reverse("gongkai_editorial:urgent_publish", args=[context["page"].pk])


class WithdrawMenuItem(ActionMenuItem):
    label = _("撤回发布")
    name = "action-withdraw"
    icon_name = "download"

    def is_shown(self, context: dict[str, Any]) -> bool:
        if context["view"] != "edit":
            return False
        page = context["page"]
        return page.live and can_withdraw(user=context["request"].user, page=page)

    def get_url(self, context: dict[str, Any]) -> str:
        return reverse("gongkai_editorial:withdraw", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_urgent_publish_item() -> ActionMenuItem:
    return UrgentPublishMenuItem(order=60)


@hooks.register("register_page_action_menu_item")
def register_withdraw_item() -> ActionMenuItem:
    return WithdrawMenuItem(order=70)


@hooks.register("construct_page_action_menu")
def replace_unpublish_item(
    menu_items: list[Any], request: HttpRequest, context: dict[str, Any]
) -> None:
    # Wagtail's own 取消发布 asks no reason; 撤回发布 (WithdrawMenuItem) replaces it.
    menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


@hooks.register("before_unpublish_page")
def require_withdrawal_reason(request: HttpRequest, page: Page) -> HttpResponse:
    # Server-side guard: Wagtail's unpublish view would unpublish without a reason kind.
    return redirect("gongkai_editorial:withdraw", page.pk)


@hooks.register("after_edit_page")
def open_review_screen(request: HttpRequest, page: Page) -> HttpResponse | None:
    # The editor's action menu offers "审核（查看修改）" as a workflow action: Wagtail saves
    # the form and runs the action (which changes nothing), then this sends the reviewer
    # to the review screen instead of the explorer.
    if request.POST.get("workflow-action-name") != "review":
        return None
    task_state = page.current_workflow_task_state
    return redirect(review_url(task_state)) if task_state is not None else None


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser(pages: Any, request: HttpRequest) -> Any:
    # Wagtail's page chooser lists every page, drafts of other departments included; limit
    # it to the user's explorable pages (own subtrees and their ancestors).
    if request.user.is_superuser:
        return pages
    explorable = PagePermissionPolicy().explorable_instances(request.user)
    return pages.filter(pk__in=explorable.values_list("pk", flat=True))


@hooks.register("construct_publisher_queryset")  # gongkai.catalog's DisclosurePageForm
def limit_publishers(queryset: Any, user: Any, instance: Any) -> Any:
    # A department publishes in its own name (its index numbers, its serials). Users with no
    # editorial role (groups an administrator made by hand) keep every organisation.
    if user.is_superuser:
        return queryset
    own = organisations_of_user(user)
    if not own.exists():
        return queryset
    return queryset.filter(Q(pk__in=own.values("pk")) | Q(pk=instance.publisher_id))


@hooks.register("default_publisher")  # gongkai.catalog's DisclosurePageForm, new items
def preset_publisher(*, user: Any, parent_page: Any, choices: Any) -> Any:
    # The column's department when the user may publish as it; otherwise the user's one
    # organisation. No guess for a user of several organisations outside their columns.
    owner = organisation_for_page(parent_page) if parent_page is not None else None
    if owner is not None and choices.filter(pk=owner.pk).exists():
        return owner
    if user.is_superuser:
        return None
    own = list(organisations_of_user(user).filter(pk__in=choices.values("pk"))[:2])
    return own[0] if len(own) == 1 else None


@hooks.register("check_page_form_content")  # gongkai.catalog's DisclosurePageForm
def refuse_foreign_references(
    *, user: Any, instance: Any, cleaned_data: dict[str, Any]
) -> dict[str, str]:
    # The choosers list only the own collections and explorable pages; a post can carry any id.
    return refused_references(user, instance, cleaned_data)


@hooks.register("before_serve_document")
def refuse_unpublished_documents(document: Any, request: HttpRequest) -> None:
    # Wagtail serves every document at /documents/<id>/<name>. An attachment becomes public
    # when a live page links it; before that only its department (and superusers) download
    # it. 404, not 403: an id must not tell whether a document exists. Collection privacy
    # (Wagtail's own before_serve_document hook) still applies to linked documents.
    if not may_download(request.user, document):
        raise Http404


@hooks.register("register_log_actions")
def register_editorial_log_actions(actions: Any) -> None:
    actions.register_action("gongkai.urgent_publish", _("紧急发布"), _("紧急发布"))
    actions.register_action(
        "gongkai.urgent_review", _("紧急发布事后审核"), _("紧急发布事后审核")
    )
    actions.register_action("gongkai.withdraw", _("撤回发布"), _("撤回发布"))
    actions.register_action(
        "gongkai.metadata_change", _("修改公开属性"), _("修改公开属性")
    )
    actions.register_action(
        "gongkai.schedule.refused", _("定时发布未执行"), _("定时发布未执行")
    )


# A page POST with incomplete StreamField data is a 400, not a 500 (issue 13 item 9).
hooks.register("before_edit_page", stream_input.before_edit_page)
hooks.register("before_create_page", stream_input.before_create_page)
