"""Background upkeep of the public search index (django-tasks)."""

from django_tasks import task

from . import indexing, lm_store


@task()
def index_items(page_ids: list[int]) -> int:
    """Index these items if live and public, remove them otherwise."""
    return indexing.index_items(page_ids)


@task()
def index_subtree(page_id: int) -> int:
    """Re-index every item at or below a page (after a move or a rename of a column)."""
    return indexing.index_subtree(page_id)


@task()
def build_language_model() -> bool:
    """Build and store the correction's language model if the index changed since the
    stored one (lm_store.py); a request never builds it."""
    return lm_store.build_if_stale()
