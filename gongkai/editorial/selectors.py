"""Reads for the editorial admin views."""

from typing import Any

from django.db.models import Q, QuerySet

from .departments import pages_with_role
from .enums import OVERSIGHT_ROLES
from .models import UrgentPublication


def list_urgent_publications(
    *, user: Any, pending_only: bool = True
) -> QuerySet[UrgentPublication]:
    """Urgent publications the user may see: all for administrators, else their organisations'."""
    urgent = UrgentPublication.objects.select_related(
        "page", "published_by", "reviewed_by"
    )
    if pending_only:
        urgent = urgent.filter(reviewed_at__isnull=True)
    if user.is_superuser:
        return urgent
    # One subquery per role, not a list of every page id of the user's subtrees.
    visible = Q()
    for role in OVERSIGHT_ROLES:
        visible |= Q(page__in=pages_with_role(user, role).values("pk"))
    return urgent.filter(visible)
