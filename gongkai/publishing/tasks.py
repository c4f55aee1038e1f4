"""Background publishing work. Tasks take ids and are idempotent: a retry is harmless."""

from django_tasks import task
from wagtail.models import Site

from . import services


@task()
def refresh_pages(page_ids: list[int], list_changes: list[list] | None = None) -> int:
    """Re-render (or remove) the files these pages own; returns the files written.
    `list_changes`: [column id, item published_at ISO, item id, stays] (services.refresh_pages)."""
    reports = services.refresh_pages(
        page_ids=page_ids, list_changes=[tuple(change) for change in list_changes or ()]
    )
    return sum(len(report.written) + len(report.removed) for report in reports)


@task()
def publish_site(site_id: int) -> int:
    """Full publish of one site (after a column or the home page changed)."""
    site = Site.objects.select_related("root_page").filter(pk=site_id).first()
    if site is None or not services.is_site_published(site):
        return 0
    return len(services.publish_site(site=site).written)


@task()
def refresh_document(document_id: int, page_ids: list[int]) -> None:
    services.refresh_document(document_id=document_id, page_ids=page_ids)


@task()
def refresh_redirects() -> None:
    """Rewrite the redirect maps of the published sites (a redirect changed)."""
    services.refresh_redirects()
