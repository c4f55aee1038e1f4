"""Each organisation's 公开办 group, made when the organisation is saved.

The group is named like the editorial 公开办 role group of the organisation
("<机构全称>·公开办"), so both apps meet in one group per organisation whichever creates
it first; the link (OfficeGroup) is by key, so a later rename keeps it. It holds exactly
what handling applications needs: the admin and `applications.change_application`.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from gongkai.core.models import Organisation

from ..models import OfficeGroup

OFFICE_LABEL = "公开办"
OFFICE_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("applications", "change_application"),
)


def office_group_name(organisation: Organisation) -> str:
    return f"{organisation.name}·{OFFICE_LABEL}"


def office_permissions() -> list[Permission]:
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in OFFICE_PERMISSIONS
    ]


@transaction.atomic
def ensure_office_group(*, organisation: Organisation) -> Group:
    """The organisation's 公开办 group with its permissions (idempotent, follows renames)."""
    link = (
        OfficeGroup.objects.filter(organisation=organisation)
        .select_related("group")
        .first()
    )
    name = office_group_name(organisation)
    if link is None:
        group, _created = Group.objects.get_or_create(name=name)
        OfficeGroup.objects.create(organisation=organisation, group=group)
    else:
        group = link.group
        if group.name != name and not Group.objects.filter(name=name).exists():
            group.name = name
            group.save(update_fields=["name"])
    group.permissions.add(*office_permissions())
    return group


def ensure_all_office_groups() -> int:
    """After migrate: groups for organisations made before this app (or a flush). Returns
    how many were made."""
    missing = Organisation.objects.filter(application_office__isnull=True)
    count = 0
    for organisation in missing:
        ensure_office_group(organisation=organisation)
        count += 1
    return count
