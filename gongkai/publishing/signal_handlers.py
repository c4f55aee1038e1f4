"""Page and document events enqueue publishing tasks, once per transaction, after commit.

Nothing is enqueued for a site that was never fully published (`gongkai publish`):
there is no web root to keep in step, and tests or a demo build stay fast.
"""

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.dateparse import parse_datetime
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move

from .conf import get_publish_root, is_incremental_enabled
from .services import is_site_published
from .targets import is_structural, list_dependant_page_ids, list_neighbour_page_ids

logger = logging.getLogger(__name__)
_state = threading.local()


@contextmanager
def publishing_suspended() -> Iterator[None]:
    """Enqueue nothing inside the block (bulk imports, the demo build: publish after)."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def _anything_published() -> bool:
    root = get_publish_root()
    return root.is_dir() and any(
        not entry.name.startswith(".") for entry in root.iterdir()
    )


def _is_active(page: Page) -> int | None:
    """The page's site id if incremental publishing applies to it."""
    if getattr(_state, "suspended", False) or not is_incremental_enabled():
        return None
    if not _anything_published():
        return None  # nothing published on this machine: no query at all
    try:
        site = page.get_site()
    except ObjectDoesNotExist:  # a page whose site is being deleted with it
        return None
    return site.pk if site is not None and is_site_published(site) else None


def _schedule(
    *,
    page_ids: Iterable[int] = (),
    site_id: int | None = None,
    list_changes: Iterable[tuple] = (),
) -> None:
    batch = _pending_batch()
    is_new = batch is None
    if is_new:
        batch = _state.batch = {"pages": set(), "sites": set(), "lists": set()}
    batch["pages"].update(page_ids)
    batch["lists"].update(list_changes)
    if site_id is not None:
        batch["sites"].add(site_id)
    if is_new:
        # Outside a transaction this runs at once, so the batch must be filled first.
        transaction.on_commit(_flush, robust=True)


def _pending_batch() -> dict | None:
    """The batch waiting for this transaction's commit, if it is still waiting.

    A batch whose transaction rolled back would never flush: Django drops the on-commit
    callback, and the stale batch would swallow every later change of this thread.
    """
    batch = getattr(_state, "batch", None)
    if batch is None:
        return None
    if any(entry[1] is _flush for entry in transaction.get_connection().run_on_commit):
        return batch
    _state.batch = None
    return None


def _flush() -> None:
    from . import tasks

    batch, _state.batch = _state.batch, None
    for site_id in sorted(batch["sites"]):
        tasks.publish_site.enqueue(site_id)
    if batch["pages"]:
        changes = sorted(
            [list(change) for change in batch["lists"] if change[0] in batch["pages"]],
            key=lambda change: (change[0], change[1] or "", change[2], change[3]),
        )
        tasks.refresh_pages.enqueue(sorted(batch["pages"]), changes)


def _page_changed(
    page: Page,
    *,
    extra_ids: Iterable[int] = (),
    published: bool = False,
    old_parent: Page | None = None,
) -> None:
    try:
        _schedule_page_change(page, extra_ids, published, old_parent)
    except Exception:
        # Publishing must never stop an editor's save; `gongkai verify` and the next
        # full publish catch up.
        logger.exception("could not schedule publishing for page %s", page.pk)


def _schedule_page_change(
    page: Page,
    extra_ids: Iterable[int],
    published: bool,
    old_parent: Page | None = None,
) -> None:
    site_id = _is_active(page)
    if site_id is None:
        return
    if is_structural(page):
        _schedule(site_id=site_id)
        return
    extra_ids = list(extra_ids)
    ancestors = list(
        page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True)
    )
    _schedule(
        page_ids=[
            page.pk,
            *list_dependant_page_ids(page),
            *extra_ids,
            *_neighbour_ids(page, old_parent),
        ],
        list_changes=_list_changes(page, [*ancestors, *extra_ids], published),
    )


def _neighbour_ids(page: Page, old_parent: Page | None) -> list[int]:
    """The items whose 上一篇/下一篇 show `page`, at its old and new positions."""
    specific = page.specific
    if not hasattr(specific, "published_at"):
        return []
    before = getattr(page, "_gongkai_key_before", None)
    moments = {
        specific.published_at,
        parse_datetime(before[0]) if before and before[0] else None,
    } - {None}
    parents = [page.path[: -page.steplen]] + (
        [old_parent.path] if old_parent is not None else []
    )
    return list_neighbour_page_ids(
        page, column_paths=parents, published_ats=sorted(moments)
    )


def _list_changes(page: Page, column_ids: list[int], published: bool) -> list[tuple]:
    """(column, 发布时间, id, stays) for each column whose list the item may have entered,
    left or changed in: its new position and, on a re-publish, the one it had before
    (stable pagination: only list pages from there on are re-rendered). `stays`: a
    re-publish at the same position (a corrected title): only its own list page changes."""
    specific = page.specific
    if not hasattr(specific, "published_at"):
        # Not listed: only the last list page is re-rendered (nothing shifts).
        return [
            (column_id, "9999-12-31T00:00:00+00:00", page.pk, 0)
            for column_id in column_ids
        ]
    before, now = getattr(page, "_gongkai_key_before", None), _key(specific)
    if published and before == now:
        return [(column_id, *now, 1) for column_id in column_ids]
    keys = {before, now} - {None}
    return [(column_id, *key, 0) for column_id in column_ids for key in keys]


def _key(page: Page) -> tuple[str | None, int]:
    published_at = getattr(page, "published_at", None)
    return (_iso(published_at), page.pk)


def _iso(moment: Any) -> str | None:
    """UTC ISO 8601: equal instants give equal strings (the database returns UTC)."""
    return moment.astimezone(UTC).isoformat() if moment else None


@receiver(pre_save)
def remember_list_position(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before an item is saved (on publish): its list position, which a new
    发布时间 changes; the old one is needed to know which list pages shift."""
    if (
        not isinstance(instance, Page)
        or instance.pk is None
        or not hasattr(instance, "published_at")
    ):
        return
    if (
        getattr(_state, "suspended", False)
        or not is_incremental_enabled()
        or not _anything_published()
    ):
        return
    previous = (
        type(instance)
        .objects.filter(pk=instance.pk, live=True)
        .values_list("published_at", flat=True)
        .first()
    )
    # Reset on every save: an item unpublished and published again is not "staying".
    instance._gongkai_key_before = (
        (_iso(previous), instance.pk) if previous is not None else None
    )


@receiver(page_published)
def publish_on_page_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    _page_changed(instance, published=True)


@receiver(page_unpublished)
def publish_on_page_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    _page_changed(instance)


@receiver(post_page_move)
def publish_on_page_moved(
    sender: Any, instance: Page, parent_page_before: Page, **kwargs: Any
) -> None:
    # The old parent and its ancestors lose the item from their lists.
    before = [
        parent_page_before.pk,
        *parent_page_before.get_ancestors().values_list("pk", flat=True),
    ]
    _page_changed(instance, extra_ids=before, old_parent=parent_page_before)


@receiver(post_save)
def publish_on_site_identity_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The header and footer of every file (and 联系我们) show the SiteIdentity."""
    from gongkai.core.models import SiteIdentity

    if sender is not SiteIdentity:
        return
    try:
        site_id = _is_active(instance.site.root_page)
        if site_id is not None:
            _schedule(site_id=site_id)
    except Exception:
        logger.exception(
            "could not schedule publishing for the identity of site %s",
            instance.site_id,
        )


@receiver(pre_delete)
def publish_on_page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Before the delete: afterwards neither the ancestors nor the links can be found.
    # Django sends pre_delete once per table of a page (ArticlePage, DisclosurePage,
    # Page); the Page one is always among them.
    if sender is Page:
        _page_changed(instance)


@receiver(post_save)
def publish_on_document_saved(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    if sender is get_document_model() and not created:
        _document_changed(instance)


@receiver(pre_delete)
def publish_on_document_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender is get_document_model():
        _document_changed(instance)


def _document_changed(document: Any) -> None:
    if getattr(_state, "suspended", False) or not is_incremental_enabled():
        return
    page_ids = sorted(
        {
            int(pk)
            for pk in ReferenceIndex.get_references_to(document).values_list(
                "object_id", flat=True
            )
            if str(pk).isdigit()
        }
    )
    transaction.on_commit(lambda: _enqueue_document(document.pk, page_ids), robust=True)


def _enqueue_document(document_id: int, page_ids: list[int]) -> None:
    from . import tasks

    tasks.refresh_document.enqueue(document_id, page_ids)


@receiver(post_save)
@receiver(post_delete)
def redirects_on_redirect_changed(sender: Any, **kwargs: Any) -> None:
    """A redirect added, changed or removed (admin, portal import): rewrite the redirect
    maps once per transaction (redirects.py)."""
    if (
        sender is not Redirect
        or getattr(_state, "suspended", False)
        or not _anything_published()
    ):
        return
    pending = transaction.get_connection().run_on_commit
    if not any(entry[1] is _enqueue_redirects for entry in pending):
        transaction.on_commit(_enqueue_redirects, robust=True)


def _enqueue_redirects() -> None:
    from . import tasks

    tasks.refresh_redirects.enqueue()
