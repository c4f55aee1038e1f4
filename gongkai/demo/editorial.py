"""Demo departments for editorial governance: their columns and one user per role.

Four organisations get a column of their own under 政务公开 >> 部门和乡镇信息公开, which becomes
their `root_page` (the subtree their groups may work in). Each gets four users, named
`<key>-<role>` (e.g. `ndrc-editor`), all with the demo department password: the value of
GONGKAI_DEMO_PASSWORD, or DEFAULT_DEPARTMENT_PASSWORD when it is not set.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext as _

from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation
from gongkai.editorial.enums import Role
from gongkai.editorial.models import RoleGroup
from gongkai.editorial.workflows import ensure_default_workflows

from .organisations import GOVERNMENT

DEFAULT_DEPARTMENT_PASSWORD = "gongkai-demo"  # noqa: S105 -- demo accounts only, documented in README
PARENT_COLUMN = "zwgk"  # 政务公开
SECTION = ("bmxxgk", "部门和乡镇信息公开")
# (organisation key in demo.organisations, column slug, column title)
DEPARTMENTS = (
    ("office", "qzfb", "区政府办公室"),
    ("ndrc", "qfgj", "区发改局"),
    ("education", "qjyj", "区教育局"),
    ("duohu", "dhjd", "多湖街道"),
)
ROLE_SUFFIX = {
    Role.EDITOR: "editor",
    Role.REVIEWER: "reviewer",
    Role.FINAL_APPROVER: "final",
    Role.DISCLOSURE_OFFICER: "office",
}
# The district government's own 公开办 (its root page is the home page): the 网站自查 veto
# mail goes to the 公开办 of the organisation owning the site's home page (inspection.alerts).
GOVERNMENT_OFFICE_USERNAME = "gov-office"
GOVERNMENT_OFFICE_EMAIL = "gov-office@example.com"  # RFC 2606: never a real mailbox
# The district's 政府信息公开办公室: handles the applications of every department.
DISTRICT_OFFICE_USERNAME = "district-office"
DISTRICT_OFFICE_GROUP = "区政府信息公开办公室"
HANDLE_PERMISSIONS = (
    ("applications", "change_application"),
    ("wagtailadmin", "access_admin"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    organisation: str
    role: str


def department_password() -> str:
    return os.environ.get("GONGKAI_DEMO_PASSWORD") or DEFAULT_DEPARTMENT_PASSWORD


def ensure_editorial_demo(
    *,
    organisations: dict[str, Organisation],
    columns: dict[str, ColumnPage],
    user: Any = None,
    report: Callable[[str], None] | None = None,
) -> list[DemoAccount]:
    """Give the demo departments their columns and users (idempotent); report the accounts."""
    ensure_default_workflows()  # normally made by migrate; a flushed database lost them
    section = _ensure_column(columns[PARENT_COLUMN], *SECTION, user=user, in_menu=False)
    accounts: list[DemoAccount] = []
    for key, slug, title in DEPARTMENTS:
        organisation = organisations[key]
        column = _ensure_column(section, slug, title, user=user)
        if organisation.root_page_id is None:
            organisation.root_page = column
            organisation.save(
                update_fields=["root_page"]
            )  # post_save moves the groups' permissions
        accounts.extend(_ensure_users(key, organisation))
    accounts.append(_ensure_district_office())
    accounts.append(_ensure_government_office(organisations[GOVERNMENT]))
    if report is not None:
        _report_accounts(accounts, report)
    return accounts


def _ensure_column(
    parent: Any, slug: str, title: str, *, user: Any, in_menu: bool = False
) -> ColumnPage:
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    column = ColumnPage(title=title, slug=slug, show_in_menus=in_menu, live=False)
    parent.add_child(instance=column)
    column.save_revision(user=user).publish(user=user)
    return column


def _ensure_users(key: str, organisation: Organisation) -> list[DemoAccount]:
    accounts = []
    password = department_password()
    for role, suffix in ROLE_SUFFIX.items():
        username = f"{key}-{suffix}"
        account, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": f"{organisation.short_name}{Role(role).label}"},
        )
        if (
            created or "GONGKAI_DEMO_PASSWORD" in os.environ
        ):  # hashing is slow: only when needed
            account.set_password(password)
            account.save(update_fields=["password"])
        group = RoleGroup.objects.get(organisation=organisation, role=role).group
        account.groups.add(group)
        # The 公开办 group handles the organisation's applications by itself
        # (applications.services.offices, made when the organisation was saved).
        accounts.append(
            DemoAccount(
                username,
                organisation.short_name or organisation.name,
                str(Role(role).label),
            )
        )
    return accounts


def _permissions(*pairs: tuple[str, str]) -> list[Permission]:
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in pairs
    ]


def _ensure_district_office() -> DemoAccount:
    """The district-level 政府信息公开办公室 sees and handles every department's applications."""
    group, _created = Group.objects.get_or_create(name=DISTRICT_OFFICE_GROUP)
    group.permissions.add(
        *_permissions(
            *HANDLE_PERMISSIONS,
            ("applications", "handle_all_applications"),
            # The working calendar is the district's: it enters next year's in December.
            *(
                ("workdays", f"{action}_calendaryear")
                for action in ("add", "change", "view")
            ),
        )
    )
    account, created = get_user_model().objects.get_or_create(
        username=DISTRICT_OFFICE_USERNAME,
        defaults={"first_name": DISTRICT_OFFICE_GROUP},
    )
    if created or "GONGKAI_DEMO_PASSWORD" in os.environ:
        account.set_password(department_password())
        account.save(update_fields=["password"])
    account.groups.add(group)
    return DemoAccount(DISTRICT_OFFICE_USERNAME, _("全区"), DISTRICT_OFFICE_GROUP)


def _ensure_government_office(government: Organisation) -> DemoAccount:
    """金东区人民政府's 公开办 (disclosure officer role of the organisation owning the home
    page), with an address: the 单项否决 mail of the site's self-inspection reaches it."""
    account, created = get_user_model().objects.get_or_create(
        username=GOVERNMENT_OFFICE_USERNAME,
        defaults={
            "first_name": f"{government.short_name or government.name}"
            f"{Role.DISCLOSURE_OFFICER.label}",
            "email": GOVERNMENT_OFFICE_EMAIL,
        },
    )
    if not account.email:  # an older demo database: the account without an address
        account.email = GOVERNMENT_OFFICE_EMAIL
        account.save(update_fields=["email"])
    if created or "GONGKAI_DEMO_PASSWORD" in os.environ:
        account.set_password(department_password())
        account.save(update_fields=["password"])
    role = RoleGroup.objects.get(organisation=government, role=Role.DISCLOSURE_OFFICER)
    account.groups.add(role.group)
    return DemoAccount(
        GOVERNMENT_OFFICE_USERNAME,
        government.short_name or government.name,
        str(Role.DISCLOSURE_OFFICER.label),
    )


def _report_accounts(
    accounts: list[DemoAccount], report: Callable[[str], None]
) -> None:
    report(
        _("部门演示账号（密码均为 %(password)s）：")
        % {
            "password": _("环境变量 GONGKAI_DEMO_PASSWORD 的值")
            if os.environ.get("GONGKAI_DEMO_PASSWORD")
            else DEFAULT_DEPARTMENT_PASSWORD
        }
    )
    by_organisation: dict[str, list[str]] = {}
    for account in accounts:
        by_organisation.setdefault(account.organisation, []).append(
            f"{account.role} {account.username}"
        )
    for organisation, entries in by_organisation.items():
        report(f"  {organisation}：" + "，".join(entries))
