"""Keep the public search index current: page changes arrive as one batch per
transaction (core/changes.py, registered in apps.py) and become tasks with page ids."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page

from gongkai.core.changes import MOVED, PAGES, Changes
from gongkai.core.signals import worker_started
from gongkai.interaction.models import Letter
from gongkai.interaction.selectors import PUBLIC_TEXT_FIELDS

from . import analysis, index_store, letter_search, lm_store, result_cache, tasks
from .models import SynonymSet, UserTerm

BATCH = 200


def index_changes(changes: Changes) -> None:
    """The committed batch (core/changes.py): pages published or unpublished in one
    transaction (a bulk import, the demo build) are indexed in batches, not one task
    each; a moved page has its subtree indexed again (paths and columns change)."""
    ids = sorted(changes.get(PAGES, ()))
    for start in range(0, len(ids), BATCH):
        tasks.index_items.enqueue(page_ids=ids[start : start + BATCH])
    for page_id in sorted(changes.get(MOVED, ())):
        tasks.index_subtree.enqueue(page_id=page_id)


def build_language_model_later() -> None:
    """After a commit that changed the index generation (result_cache.on_bump_committed):
    the worker builds the correction's language model of the new index. Not while a
    bulk job in this thread defers it (lm_store.builds_deferred)."""
    if not lm_store.builds_are_deferred():
        tasks.build_language_model.enqueue()


@receiver(worker_started)
def build_language_model_at_start(sender: Any, **kwargs: Any) -> None:
    """A worker starting builds the model if none is stored for the current index
    (a fresh install, an upgrade, an index changed while no worker ran)."""
    tasks.build_language_model.enqueue()


@receiver(post_delete, sender=Page)
def drop_deleted_page(sender: Any, instance: Page, **kwargs: Any) -> None:
    # SearchDocument rows go by cascade; SQLite's FTS5 row has no foreign key.
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
