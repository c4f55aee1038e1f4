"""Which protected terms apply where: the national list (spelling.py) plus the enabled
ProtectedTerm rows of the organisation owning the page (editorial.departments)."""

from collections.abc import Iterable

from wagtail.models import Page

from gongkai.core.models import Organisation
from gongkai.editorial.departments import organisation_for_page

from .models import ProtectedTerm
from .spelling import NATIONAL, Checker


def checkers_for(organisation_ids: Iterable[int]) -> dict[int, Checker]:
    """One compiled checker per organisation that has enabled terms (one query); an
    organisation without any is absent (use spelling.NATIONAL)."""
    terms: dict[int, dict[str, list[str]]] = {}
    rows = ProtectedTerm.objects.filter(
        organisation_id__in=list(organisation_ids), enabled=True
    ).values_list("organisation_id", "term", "wrong_forms")
    for organisation_id, term, wrong_forms in rows:
        terms.setdefault(organisation_id, {})[term] = [
            line.strip() for line in wrong_forms.splitlines() if line.strip()
        ]
    return {pk: Checker(extra) for pk, extra in terms.items()}


def checker_for_page(page: Page) -> Checker:
    """The checker for one page (the editor, the publish guards)."""
    if not ProtectedTerm.objects.filter(enabled=True).exists():
        return NATIONAL
    organisation = organisation_for_page(page) if page.path else None
    if organisation is None:
        return NATIONAL
    return checkers_for([organisation.pk]).get(organisation.pk, NATIONAL)


def checkers_by_page(page_ids: Iterable[int]) -> dict[int, Checker]:
    """page id -> its organisation's checker, for the pages whose organisation has
    enabled terms (the site-wide run: one checker per organisation per run)."""
    checkers = checkers_for(
        ProtectedTerm.objects.filter(enabled=True)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    if not checkers:
        return {}
    # A page belongs to the deepest organisation whose root is above it (as
    # organisation_for_page), which may be one without terms of its own: look up its
    # ancestors' paths, deepest first (a dict lookup per level, not a scan per page).
    roots = dict(
        Organisation.objects.filter(root_page__isnull=False).values_list(
            "root_page__path", "pk"
        )
    )
    step = Page.steplen
    by_page: dict[int, Checker] = {}
    ids = list(page_ids)
    for start in range(0, len(ids), 2000):
        rows = Page.objects.filter(pk__in=ids[start : start + 2000]).values_list(
            "pk", "path"
        )
        for pk, path in rows:
            owner = next(
                (
                    roots[path[:end]]
                    for end in range(len(path), 0, -step)
                    if path[:end] in roots
                ),
                None,
            )
            if owner in checkers:
                by_page[pk] = checkers[owner]
    return by_page
