"""Who may keep an organisation's 互动栏目 and 征集调查: its interaction office.

The office of an organisation is the members of its 公开办 group (applications'
OfficeGroup, made with every organisation, so a new office works without anyone
assigning model permissions by hand) and the 互动交流办理人员 marked 公开办督办 for it.
They may list, add and edit the channels and 征集调查 of their organisations (and
publish the 意见采纳情况, a field of the 征集调查); another organisation's rows are not
listed and answer 404. Superusers and users given the model permissions by hand (a
site-wide role) keep every organisation; deleting stays with them.

Why our own policy: Wagtail's ModelPermissionPolicy knows model permissions only, not
an organisation scope; the snippet views are given the scope by the mixins below.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy

from gongkai.applications.models import OfficeGroup
from gongkai.core.models import Organisation

from .models import InteractionOfficer

OFFICE_ACTIONS = ("add", "change", "view")


def office_organisation_ids(user: Any) -> set[int]:
    """The organisations whose interaction office `user` belongs to (cached on the
    user object for the request, as Django caches permissions)."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if not hasattr(user, "_gongkai_interaction_office_ids"):
        ids = set(
            OfficeGroup.objects.filter(group__user=user).values_list(
                "organisation_id", flat=True
            )
        )
        ids |= set(
            InteractionOfficer.objects.filter(user=user, supervises=True).values_list(
                "organisation_id", flat=True
            )
        )
        user._gongkai_interaction_office_ids = ids
    return set(user._gongkai_interaction_office_ids)


class OfficeScopedPolicy(ModelPermissionPolicy):
    """Model permissions (superusers, a site-wide role) for every row; the
    organisation's office for view/add/change of its own rows."""

    def _site_wide(self, user: Any, action: str) -> bool:
        return super().user_has_permission(user, action)

    def organisation_ids(self, user: Any, action: str) -> set[int] | None:
        """None: every organisation; else the ones `user` may `action` rows of."""
        if self._site_wide(user, action):
            return None
        if action not in OFFICE_ACTIONS:
            return set()
        return office_organisation_ids(user)

    def user_has_permission(self, user: Any, action: str) -> bool:
        ids = self.organisation_ids(user, action)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        ids = self.organisation_ids(user, action)
        return ids is None or instance.organisation_id in ids

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Any, instance: Any
    ) -> bool:
        return any(
            self.user_has_permission_for_instance(user, a, instance) for a in actions
        )

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> Any:
        scopes = [self.organisation_ids(user, a) for a in actions]
        if any(ids is None for ids in scopes):
            return self.model._default_manager.all()
        ids = set().union(*[s for s in scopes if s is not None])
        return self.model._default_manager.filter(organisation_id__in=ids)


class ScopedObjectMixin:
    """Edit/delete/inspect/history/usage/copy views: a row outside the user's
    organisations answers 404 (its existence is not confirmed)."""

    request: Any
    permission_policy: Any

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        instance = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["change", "view", "delete"], instance
        ):
            raise Http404
        return instance


class ScopedFormMixin:
    """Add/edit forms: 机构 offers only the user's organisations and is required
    for them; the form refuses any other id (server-side, not just hidden).

    A plain select instead of Wagtail's chooser: the chooser would browse every
    organisation, and re-rendering it with a posted non-number answers 500."""

    request: Any
    permission_policy: Any

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        ids = self.permission_policy.organisation_ids(self.request.user, "change")
        field = form.fields.get("organisation")
        if field is None:
            return form
        field.widget = forms.Select()
        if ids is None:  # site-wide: every organisation (the queryset sets choices)
            field.queryset = field.queryset.all()
        else:
            field.required = True
            field.empty_label = None
            field.queryset = Organisation.objects.filter(pk__in=ids)
        return form
