"""Keep the public search index current: each handler enqueues a task with page ids."""

import threading
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.interaction.models import Letter
from gongkai.interaction.selectors import PUBLIC_TEXT_FIELDS

from . import analysis, index_store, letter_search, result_cache, tasks
from .models import SynonymSet, UserTerm

_pending = threading.local()
BATCH = 200


@receiver(page_published)
@receiver(page_unpublished)
def reindex_page(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Pages published in one transaction (a bulk import, the demo build) are indexed
    # in batches after it commits, not one task each. A set left over by a rolled-back
    # transaction is flushed by the next commit: indexing re-reads the pages, so that
    # is harmless.
    pending = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = set()
    pending.add(instance.pk)
    transaction.on_commit(_enqueue_pending)


def _enqueue_pending() -> None:
    ids = sorted(getattr(_pending, "ids", None) or ())
    _pending.ids = set()
    for start in range(0, len(ids), BATCH):
        tasks.index_items.enqueue(page_ids=ids[start : start + BATCH])


@receiver(post_page_move)
def reindex_moved_subtree(sender: Any, instance: Page, **kwargs: Any) -> None:
    tasks.index_subtree.enqueue(page_id=instance.pk)


@receiver(post_delete, sender=Page)
def drop_deleted_page(sender: Any, instance: Page, **kwargs: Any) -> None:
    # SearchDocument rows go by cascade; the FTS5 row has no foreign key.
    if connection.vendor == "sqlite":
        index_store.delete_texts([instance.pk])
    result_cache.bump_generation()


@receiver(post_save, sender=UserTerm)
@receiver(post_delete, sender=UserTerm)
@receiver(post_save, sender=SynonymSet)
@receiver(post_delete, sender=SynonymSet)
def drop_analysis_caches(sender: Any, **kwargs: Any) -> None:
    analysis.reset()
    result_cache.bump_generation()


@receiver(post_save, sender=Letter)
def index_letter_text(
    sender: Any, instance: Letter, update_fields: Any = None, **kwargs: Any
) -> None:
    """Keep the letter's search form (LetterText) current; a save that touches no
    public field (转办, the reminder dates) leaves it alone."""
    if update_fields is not None and not set(update_fields) & set(PUBLIC_TEXT_FIELDS):
        return
    letter_search.index_letter(instance, PUBLIC_TEXT_FIELDS)
