"""Page, document and redirect events become publishing tasks, once per transaction,
after commit: each handler records what changed in the transaction's change batch
(core/changes.py) and `enqueue_changes`, the publishing consumer of that batch,
enqueues the tasks. `connect()` (apps.ready) ties each handler to the models it is
about; none listens to every model.

Nothing is recorded for a site that was never fully published (`gongkai publish`): no
web root to keep in step, and tests or a demo build stay fast. Which sites were is
read from the database (PublishedSite), so the admin server decides the same whether
or not it holds the web root: the worker that does is the one that writes.
"""

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.dateparse import parse_datetime
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.core import changes as page_changes
from gongkai.core.changes import Changes
from gongkai.core.models import SiteIdentity

from .conf import is_incremental_enabled
from .models import PublishedSite
from .services import is_site_published
from .targets import is_structural, list_dependant_page_ids, list_neighbour_page_ids

logger = logging.getLogger(__name__)
_state = threading.local()

# This app's keys in the change batch.
PAGES = "publishing.pages"  # pages whose files to refresh
LISTS = "publishing.lists"  # (column, 发布时间, item, stays): see _list_changes
SITES = "publishing.sites"  # sites to publish in full (a column or the home changed)
DOCUMENTS = "publishing.documents"  # (document id, ids of the pages linking to it)
REDIRECTS = "publishing.redirects"


@contextmanager
def publishing_suspended() -> Iterator[None]:
    """Enqueue nothing inside the block (bulk imports, the demo build: publish after)."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def _is_suspended() -> bool:
    return getattr(_state, "suspended", False) or not is_incremental_enabled()


def _anything_published() -> bool:
    return PublishedSite.objects.exists()


def _is_active(page: Page) -> int | None:
    """The page's site id if incremental publishing applies to it."""
    if _is_suspended() or not _anything_published():
        return None  # nothing published anywhere: no further query
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
    page_changes.record(PAGES, page_ids)
    page_changes.record(LISTS, list_changes)
    if site_id is not None:
        page_changes.record(SITES, [site_id])


def enqueue_changes(changes: Changes) -> None:
    """The publishing consumer of a committed change batch: one task per kind of work."""
    from . import tasks

    for site_id in sorted(changes.get(SITES, ())):
        tasks.publish_site.enqueue(site_id)
    pages = changes.get(PAGES, frozenset())
    if pages:
        lists = sorted(
            [list(change) for change in changes.get(LISTS, ()) if change[0] in pages],
            key=lambda change: (change[0], change[1] or "", change[2], change[3]),
        )
        tasks.refresh_pages.enqueue(sorted(pages), lists)
    for document_id, page_ids in sorted(changes.get(DOCUMENTS, ())):
        tasks.refresh_document.enqueue(document_id, list(page_ids))
    if changes.get(REDIRECTS):
        tasks.refresh_redirects.enqueue()


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
    keys = {key for key in (before, now) if key is not None}
    return [(column_id, *key, 0) for column_id in column_ids for key in keys]


def _key(page: Page) -> tuple[str | None, int]:
    published_at = getattr(page, "published_at", None)
    return (_iso(published_at), page.pk)


def _iso(moment: Any) -> str | None:
    """UTC ISO 8601: equal instants give equal strings (the database returns UTC)."""
    return moment.astimezone(UTC).isoformat() if moment else None


def remember_list_position(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before an item is saved (on publish): its list position, which a new
    发布时间 changes; the old one is needed to know which list pages shift."""
    if instance.pk is None or _is_suspended() or not _anything_published():
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


def publish_on_page_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    _page_changed(instance, published=True)


def publish_on_page_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    _page_changed(instance)


def publish_on_page_moved(
    sender: Any, instance: Page, parent_page_before: Page, **kwargs: Any
) -> None:
    # The old parent and its ancestors lose the item from their lists.
    before = [
        parent_page_before.pk,
        *parent_page_before.get_ancestors().values_list("pk", flat=True),
    ]
    _page_changed(instance, extra_ids=before, old_parent=parent_page_before)


def publish_on_site_identity_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The header and footer of every file (and 联系我们) show the SiteIdentity."""
    try:
        site_id = _is_active(instance.site.root_page)
        if site_id is not None:
            _schedule(site_id=site_id)
    except Exception:
        logger.exception(
            "could not schedule publishing for the identity of site %s",
            instance.site_id,
        )


def publish_on_page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Before the delete: afterwards neither the ancestors nor the links can be found.
    # Django sends pre_delete once per table of a page (ArticlePage, DisclosurePage,
    # Page); connect() listens to the Page one, always among them.
    _page_changed(instance)


def publish_on_document_saved(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    if not created:
        _document_changed(instance)


def publish_on_document_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _document_changed(instance)


def _document_changed(document: Any) -> None:
    if _is_suspended() or not _anything_published():
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
    page_changes.record(DOCUMENTS, [(document.pk, tuple(page_ids))])


def redirects_on_redirect_changed(sender: Any, **kwargs: Any) -> None:
    """A redirect added, changed or removed (admin, portal import): rewrite the redirect
    maps once per transaction (redirects.py)."""
    if getattr(_state, "suspended", False) or not _anything_published():
        return
    page_changes.record(REDIRECTS, [True])


def _listed_page_models() -> list[type[Page]]:
    """Page types with a list position (发布时间): the ones whose save may shift lists."""
    return [
        model
        for model in get_page_models()
        if any(f.name == "published_at" for f in model._meta.concrete_fields)
    ]


def connect() -> None:
    """Tie each handler to the models it is about (apps.ready, after all models load)."""
    uid = "gongkai-publishing-"
    for model in _listed_page_models():
        pre_save.connect(
            remember_list_position, sender=model, dispatch_uid=uid + model._meta.label
        )
    # Wagtail sends these for pages only, with the specific page class as sender.
    page_published.connect(publish_on_page_published, dispatch_uid=uid + "published")
    page_unpublished.connect(publish_on_page_unpublished, dispatch_uid=uid + "unpub")
    post_page_move.connect(publish_on_page_moved, dispatch_uid=uid + "moved")
    pre_delete.connect(publish_on_page_deleted, sender=Page, dispatch_uid=uid + "del")
    post_save.connect(
        publish_on_site_identity_saved, sender=SiteIdentity, dispatch_uid=uid + "id"
    )
    document = get_document_model()
    post_save.connect(
        publish_on_document_saved, sender=document, dispatch_uid=uid + "ds"
    )
    pre_delete.connect(
        publish_on_document_deleted, sender=document, dispatch_uid=uid + "dd"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            redirects_on_redirect_changed, sender=Redirect, dispatch_uid=uid + "redir"
        )
    page_changes.register("publishing", enqueue_changes, order=20)
