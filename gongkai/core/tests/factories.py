"""Organisations and a site tree built through real Wagtail tree operations."""

import itertools
from typing import Any

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from wagtail.models import Locale, Page, Site

from gongkai.columns.models import ColumnPage, HomePage
from gongkai.core.enums import OrganisationKind
from gongkai.core.models import Organisation
from gongkai.core.organisation_codes import organisation_code_check_char

_sequence = itertools.count(1)


def make_organisation_code(number: int) -> str:
    """A distinct, valid 9-character 组织机构代码 for each number."""
    body = f"T{number:07d}"
    return body + organisation_code_check_char(body)


def create_organisation(**fields: Any) -> Organisation:
    """A valid department with its own 组织机构代码, validated like the admin does."""
    number = next(_sequence)
    values: dict[str, Any] = {
        "name": f"测试机构{number}",
        "kind": OrganisationKind.DEPARTMENT,
        "code": make_organisation_code(number),
    }
    values.update(fields)
    organisation = Organisation(**values)
    organisation.full_clean()
    organisation.save()
    return organisation


def get_tree_root() -> Page:
    """Wagtail's root page; recreated (with the default locale) after a table flush."""
    language = get_supported_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def create_home_page(**fields: Any) -> HomePage:
    """A site home page under the root, served as the default site."""
    number = next(_sequence)
    values: dict[str, Any] = {"title": f"测试站点{number}", "slug": f"site-{number}"}
    values.update(fields)
    home = get_tree_root().add_child(instance=HomePage(**values))
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    Site.objects.create(
        hostname=f"site-{number}.test",
        root_page=home,
        is_default_site=True,
        site_name=home.title,
    )
    return home


def create_column(*, parent: Page | None = None, **fields: Any) -> ColumnPage:
    """A 栏目 under `parent` (a new home page when omitted)."""
    number = next(_sequence)
    values: dict[str, Any] = {"title": f"栏目{number}", "slug": f"column-{number}"}
    values.update(fields)
    return (parent or create_home_page()).add_child(instance=ColumnPage(**values))
