"""Departments and roles: each organisation's groups, media collection and page subtree.

A column belongs to the organisation whose `root_page` is the column itself or its nearest
ancestor (`core.Organisation.root_page`): the deepest owner wins, so a department column
below the district government's home page belongs to the department.
"""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from gongkai.core.models import Organisation

from .enums import Role
from .models import OrganisationCollection, RoleGroup

# Publishing is never a group permission: items go live through the workflow's last step
# or through urgent publishing (services.urgent_publish), both of which check roles.
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.EDITOR: ("add_page", "change_page", "view_page"),
    Role.REVIEWER: ("change_page", "view_page", "lock_page"),
    Role.FINAL_APPROVER: ("change_page", "view_page", "lock_page", "unlock_page"),
    Role.DISCLOSURE_OFFICER: (
        "add_page",
        "change_page",
        "view_page",
        "lock_page",
        "unlock_page",
    ),
}
MEDIA_EDIT = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)
MEDIA_CHOOSE = (("wagtaildocs", "choose_document"), ("wagtailimages", "choose_image"))
PAGE_CODENAME_PREFIX = "wagtailcore"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_name(organisation: Organisation, role: str) -> str:
    return f"{organisation.name}·{Role(role).label}"


@transaction.atomic
def ensure_organisation_roles(*, organisation: Organisation) -> dict[str, Group]:
    """Create (or bring up to date) the organisation's four groups and its media collection.

    Permissions cover only the organisation's own subtree (root_page) and collection;
    permissions on a former root page are removed.
    """
    collection = _ensure_collection(organisation)
    access_admin = _permission("wagtailadmin", "access_admin")
    groups: dict[str, Group] = {}
    for role in Role:
        groups[role] = group = _ensure_group(organisation, role)
        group.permissions.add(access_admin)
        if role in (Role.FINAL_APPROVER, Role.DISCLOSURE_OFFICER):
            # Shows the 紧急发布审核 menu; a model permission is read from Django's per-user
            # cache, so the admin menu costs no extra query.
            group.permissions.add(_permission("editorial", "view_urgentpublication"))
        _sync_page_permissions(group, organisation.root_page_id, PAGE_PERMISSIONS[role])
        media = (
            MEDIA_EDIT
            if role in (Role.EDITOR, Role.DISCLOSURE_OFFICER)
            else MEDIA_CHOOSE
        )
        for app_label, codename in media:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=_permission(app_label, codename),
            )
    return groups


def _ensure_group(organisation: Organisation, role: str) -> Group:
    link = (
        RoleGroup.objects.filter(organisation=organisation, role=role)
        .select_related("group")
        .first()
    )
    if link is not None:
        if link.group.name != group_name(
            organisation, role
        ):  # the organisation was renamed
            link.group.name = group_name(organisation, role)
            link.group.save(update_fields=["name"])
        return link.group
    group, _created = Group.objects.get_or_create(name=group_name(organisation, role))
    RoleGroup.objects.create(organisation=organisation, role=role, group=group)
    return group


def _ensure_collection(organisation: Organisation) -> Collection:
    link = (
        OrganisationCollection.objects.filter(organisation=organisation)
        .select_related("collection")
        .first()
    )
    if link is not None:
        if link.collection.name != organisation.name:
            link.collection.name = organisation.name
            link.collection.save(update_fields=["name"])
        return link.collection
    # The root collection comes from Wagtail's migration; a flushed database has none.
    # Named as migration editorial 0002 names it (根目录), not Wagtail's "Root".
    root = Collection.get_first_root_node() or Collection.add_root(name="根目录")
    collection = root.add_child(name=organisation.name)
    OrganisationCollection.objects.create(
        organisation=organisation, collection=collection
    )
    return collection


def _sync_page_permissions(
    group: Group, root_page_id: int | None, codenames: tuple[str, ...]
) -> None:
    GroupPagePermission.objects.filter(group=group).exclude(
        page_id=root_page_id
    ).delete()
    if root_page_id is None:
        return
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=root_page_id,
            permission=_permission(PAGE_CODENAME_PREFIX, codename),
        )


def _ancestor_paths(page: Page) -> list[str]:
    step = page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def organisation_for_page(page: Page) -> Organisation | None:
    """The organisation owning the page: the deepest one whose root page is the page or above it."""
    return (
        Organisation.objects.filter(root_page__path__in=_ancestor_paths(page))
        .order_by("-root_page__depth")
        .first()
    )


def _organisation_id_for_page(page: Page) -> int | None:
    # Remembered on the page object (for its current path): one admin view asks several
    # times (lock, editor access, actions), each asking the same question.
    cached = page.__dict__.get("_gongkai_organisation")
    if cached is None or cached[0] != page.path:
        organisation = organisation_for_page(page)
        cached = page.__dict__["_gongkai_organisation"] = (
            page.path,
            organisation.pk if organisation else None,
        )
    return cached[1]


def roles_by_organisation(user: Any) -> dict[int, set[str]]:
    """The user's roles by organisation id, read once per user object (as Django caches permissions)."""
    cached = getattr(user, "_gongkai_roles", None)
    if cached is None:
        cached = {}
        links = RoleGroup.objects.filter(group__in=user.groups.all()).values_list(
            "organisation_id", "role"
        )
        for organisation_id, role in links:
            cached.setdefault(organisation_id, set()).add(role)
        user._gongkai_roles = cached
    return cached


def user_has_role_for_page(user: Any, page: Page, *roles: str) -> bool:
    """Whether the user holds one of the roles in the organisation owning the page."""
    if not user.is_authenticated:
        return False
    held = roles_by_organisation(user)
    if not held:  # no editorial role anywhere: no need to find the page's organisation
        return False
    organisation_id = _organisation_id_for_page(page)
    return organisation_id is not None and not held.get(
        organisation_id, set()
    ).isdisjoint(roles)


def is_author_of(page: Page, user: Any) -> bool:
    """The page's author: its creator, or whoever submitted its current workflow."""
    if page.owner_id is not None and page.owner_id == user.pk:
        return True
    state = page.current_workflow_state
    return state is not None and state.requested_by_id == user.pk


def organisations_of_user(
    user: Any, roles: tuple[str, ...] | None = None
) -> QuerySet[Organisation]:
    links = RoleGroup.objects.filter(group__in=user.groups.all())
    if roles is not None:
        links = links.filter(role__in=roles)
    return Organisation.objects.filter(pk__in=links.values("organisation_id"))


def pages_with_role(user: Any, role: str) -> QuerySet[Page]:
    """Pages in the subtrees of the organisations where the user holds the role.

    A subtree owned by a deeper organisation is excluded: it is that organisation's.
    """
    own = (
        organisations_of_user(user, (role,))
        .exclude(root_page=None)
        .select_related("root_page")
    )
    roots = [o.root_page for o in own if o.root_page is not None]  # excluded above
    if not roots:
        return Page.objects.none()
    inside = Q()
    for root in roots:
        inside |= Q(path__startswith=root.path)
    pages = Page.objects.filter(inside)
    own_ids = [organisation.pk for organisation in own]
    for other in (
        Organisation.objects.exclude(pk__in=own_ids)
        .exclude(root_page=None)
        .select_related("root_page")
    ):
        if other.root_page is None:  # excluded above; says so to the type checker
            continue
        path = other.root_page.path
        if any(path.startswith(root.path) and path != root.path for root in roots):
            # Its subtree is that organisation's, except the subtrees of own organisations below it.
            hidden = Q(path__startswith=path)
            for root in roots:
                if root.path.startswith(path) and root.path != path:
                    hidden &= ~Q(path__startswith=root.path)
            pages = pages.exclude(hidden)
    return pages


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else _("未知角色")
