"""Who may handle which applications: a Django permission plus a department scope.

An officer handles the applications of the departments whose 公开办 group (OfficeGroup,
made with every organisation) they belong to, or they are assigned to (OfficerAssignment),
and needs `applications.change_application`. Superusers and
holders of `applications.handle_all_applications` handle every department. Only the
officer handling an application (its handler) sees the applicant's full data.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from gongkai.core.models import Organisation

from .models import Application

HANDLE_PERMISSION = "applications.change_application"
HANDLE_ALL_PERMISSION = "applications.handle_all_applications"


def department_ids_for(user: Any) -> set[int] | None:
    """The departments whose applications `user` handles; None means all of them.

    Cached on the user object, as Django caches permissions: one query per request.
    """
    if not hasattr(user, "_gongkai_department_ids"):
        user._gongkai_department_ids = _department_ids(user)
    return user._gongkai_department_ids


def _department_ids(user: Any) -> set[int] | None:
    if not (user.is_authenticated and user.is_active):
        return set()
    if user.is_superuser or user.has_perm(HANDLE_ALL_PERMISSION):
        return None
    if not user.has_perm(HANDLE_PERMISSION):
        return set()
    # One query for both ways in: the 公开办 group and a personal assignment.
    return set(
        Organisation.objects.filter(
            Q(officer_assignments__user=user) | Q(application_office__group__user=user)
        ).values_list("pk", flat=True)
    )


def can_handle_department(user: Any, department_id: int) -> bool:
    department_ids = department_ids_for(user)
    return department_ids is None or department_id in department_ids


def can_handle_any(user: Any) -> bool:
    department_ids = department_ids_for(user)
    return department_ids is None or bool(department_ids)


def check_can_handle(user: Any, application: Application) -> None:
    """Raise PermissionDenied unless `user` handles the application's department."""
    if not can_handle_department(user, application.department_id):
        raise PermissionDenied


def can_see_personal_data(user: Any, application: Application) -> bool:
    """Only the officer handling the application sees the applicant's full data."""
    return (
        application.handler_id is not None
        and application.handler_id == user.pk
        and can_handle_department(user, application.department_id)
    )
