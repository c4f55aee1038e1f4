"""The 保护词 editor (Wagtail snippet viewset): each organisation's 公开办 keeps its own
organisation's protected terms; superusers keep everyone's.

Wagtail's model permissions are global (a group may change every row or none), so the
organisation scope is ours: a permission policy (menu, buttons, instance checks), the
listing's queryset, the form's organisation choices, and a 404 for another organisation's
term on every view that reads one by id."""

from typing import Any

from django import forms
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import snippets

from gongkai.core.models import Organisation
from gongkai.editorial.departments import organisations_of_user
from gongkai.editorial.enums import Role

from .models import ProtectedTerm

ACTIONS = ("add", "change", "delete", "view")


def own_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose terms the user keeps (every one for a superuser)."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return organisations_of_user(user, (Role.DISCLOSURE_OFFICER,))


class OwnOrganisationPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in ACTIONS and own_organisations(user).exists():
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        return (
            action in ACTIONS
            and own_organisations(user).filter(pk=instance.organisation_id).exists()
        )

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Any, instance: Any
    ) -> bool:
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> Any:
        return ProtectedTerm.objects.filter(organisation__in=own_organisations(user))


class ProtectedTermForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        if field is not None and self.for_user is not None:
            field.queryset = own_organisations(self.for_user)  # type: ignore[attr-defined]


class OwnTermMixin:
    """A term of another organisation is not found (404), whatever the view."""

    request: Any

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if (
            obj is not None
            and not own_organisations(self.request.user)
            .filter(pk=obj.organisation_id)
            .exists()
        ):
            raise Http404
        return obj


class EditView(OwnTermMixin, snippets.EditView):
    pass


class DeleteView(OwnTermMixin, snippets.DeleteView):
    pass


class CopyView(snippets.CopyView):
    def get_object(self, queryset: Any = None) -> Any:
        # Wagtail's CopyViewMixin answers PermissionDenied (a redirect) for a row the
        # policy refuses; another organisation's term is rather not found.
        return get_object_or_404(
            ProtectedTerm.objects.filter(
                organisation__in=own_organisations(self.request.user)
            ),
            pk=unquote(str(self.kwargs[self.pk_url_kwarg])),
        )


class HistoryView(OwnTermMixin, snippets.HistoryView):
    pass


class UsageView(OwnTermMixin, snippets.UsageView):
    pass


class ProtectedTermViewSet(snippets.SnippetViewSet):
    """保护词: an organisation's leaders' names and titles, with their wrong forms."""

    model = ProtectedTerm
    icon = "warning"
    menu_label = _("保护词")
    add_to_settings_menu = True
    # A plain select for the organisation, not Wagtail's snippet chooser (Organisation
    # is a snippet): the chooser's modal would list every organisation.
    edit_handler = ObjectList(
        [
            FieldPanel("organisation", widget=forms.Select),
            FieldPanel("term"),
            FieldPanel("wrong_forms"),
            FieldPanel("note"),
            FieldPanel("enabled"),
        ],
        base_form_class=ProtectedTermForm,
    )
    # 是/否 in words: a bare boolean field shows True/False (English) in the listing.
    list_display = [
        "term",
        "organisation",
        Column(
            "enabled",
            label=_("启用"),
            accessor=lambda term: _("是") if term.enabled else _("否"),
        ),
        "note",
    ]
    list_filter = ["enabled"]
    search_fields = ["term", "wrong_forms"]
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_class = CopyView
    history_view_class = HistoryView
    usage_view_class = UsageView

    def get_queryset(self, request: Any) -> QuerySet[ProtectedTerm]:
        return ProtectedTerm.objects.filter(
            organisation__in=own_organisations(request.user)
        ).select_related("organisation")
