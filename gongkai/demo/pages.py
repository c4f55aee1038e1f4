"""Creating and publishing demo pages the way an editor would: draft, revision, publish."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db.models import Max
from django.db.models.signals import post_save
from django.utils.html import escape
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update


class DemoBuildError(Exception):
    """The demo cannot be built; the message is user-facing Chinese."""


def paragraph_blocks(paragraphs: Iterable[str]) -> list[tuple[str, RichText]]:
    """Body blocks, one `paragraph` block per plain-text paragraph."""
    return [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in paragraphs]


def html_blocks(fragments: Iterable[str]) -> list[tuple[str, RichText]]:
    """Body blocks from trusted rich-text HTML fragments written by the builder."""
    return [("paragraph", RichText(html)) for html in fragments]


def add_draft(
    *, parent: Page, page: Page, published_at: datetime | None = None
) -> Page:
    """Save `page` below `parent`, not yet live.

    With `published_at`, the page counts as first published then: Wagtail keeps an
    existing first_published_at when publishing, so content dates do not follow the clock.
    """
    page.live = False
    if published_at is not None:
        page.first_published_at = published_at
    parent.add_child(instance=page)
    return page


def publish(
    *, page: Page, user: Any = None, published_at: datetime | None = None
) -> Page:
    """Publish the page through a revision, as the admin's 发布 button does.

    Wagtail's page_published signal fires, so catalog issues index numbers as usual.
    """
    # clean=False: add_draft has just validated the same values.
    page.save_revision(user=user, clean=False).publish(user=user)
    if published_at is not None:
        Page.objects.filter(pk=page.pk).update(last_published_at=published_at)
        page.last_published_at = published_at
    return page


def child_by_slug(parent: Page, slug: str) -> Page | None:
    """The specific child page of `parent` with `slug`, if there is one."""
    return parent.get_children().filter(slug=slug).specific().first()


@contextmanager
def indexed_once() -> Iterator[None]:
    """Update the search and reference indexes of the pages created in the block once
    each, at its end.

    Creating and publishing a page saves it three times, and each save would re-index
    it. Nothing is indexed if the block fails (its transaction is rolled back anyway).
    Signal connections are process-wide: meant for a build, not inside a serving process.
    """
    last_pk = Page.objects.aggregate(last=Max("pk"))["last"] or 0
    models = [model for model in index.get_indexed_models() if issubclass(model, Page)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    for page in Page.objects.filter(pk__gt=last_pk).specific().iterator():
        index.insert_or_update_object(page)
        ReferenceIndex.create_or_update_for_object(page)
