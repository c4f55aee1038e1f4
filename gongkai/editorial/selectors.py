"""Reads for the editorial admin views."""

from typing import Any

from django.db.models import QuerySet

from .departments import pages_with_role
from .enums import Role
from .models import UrgentPublication


def list_urgent_publications(*, user: Any, pending_only: bool = True) -> QuerySet[UrgentPublication]:
    """Urgent publications the user may see: all for administrators, else their organisations'."""
    urgent = UrgentPublication.objects.select_related("page", "published_by", "reviewed_by")
    if pending_only:
        urgent = urgent.filter(reviewed_at__isnull=True)
    if user.is_superuser:
        return urgent
    page_ids = set()
    for role in (Role.FINAL_APPROVER, Role.DISCLOSURE_OFFICER):
        page_ids.update(pages_with_role(user, role).values_list("pk", flat=True))
    return urgent.filter(page_id__in=page_ids)
