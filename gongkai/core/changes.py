"""One collector of what changed in a transaction, handed to every consumer on commit.

The search index and the published files are both derived from pages. Each app used
to batch its own page events per transaction, with its own on-commit callback and its
own way of surviving a rollback; now the apps record what changed here and register a
consumer that receives the whole batch once the transaction has committed (nothing on
rollback). The collector lives in core so that search and publishing can both use it
without importing each other (tests/test_import_direction.py).

Keys are free-form strings owned by whoever records them: core records `pages` (ids of
pages published or unpublished) and `moved` (ids of pages moved); an app may record its
own details under a key prefixed with its label (`publishing.sites`). Values must be
hashable; each key collects a set.

Why our own rather than a Django or Wagtail facility: Django offers
`transaction.on_commit` per callback, not a batch shared by several apps, and
modelsearch's own queue covers its index only.
"""

import logging
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Changes = Mapping[str, frozenset[Any]]
Consumer = Callable[[Changes], None]
Preparer = Callable[[list[int]], object]

PAGES = "pages"  # published or unpublished (core records them from Wagtail's signals)
MOVED = "moved"  # moved in the tree: everything below may have a new path


@dataclass(order=True)
class _Registered:
    order: int
    name: str
    consumer: Consumer = field(compare=False)


_consumers: dict[str, _Registered] = {}
_preparers: dict[str, Preparer] = {}
_state = threading.local()


def register(name: str, consumer: Consumer, *, order: int = 100) -> None:
    """Call `consumer` with each committed batch; lower `order` first. Registering the
    same name again replaces the consumer (apps.ready() may run more than once)."""
    _consumers[name] = _Registered(order, name, consumer)


def record(key: str, values: Iterable[Hashable]) -> None:
    """Add `values` under `key` to this transaction's batch (outside a transaction the
    batch is handed over at once, as Django runs on-commit callbacks at once there)."""
    connection = transaction.get_connection()
    pending = connection.run_on_commit
    batch: dict[str, set[Any]] | None = getattr(_state, "batch", None)
    if batch is None or not connection.in_atomic_block or not pending:
        # Nothing pending could hand the old batch over: its transaction rolled back
        # (Django dropped the callback) and its changes never happened. A batch kept
        # past a rolled-back savepoint only costs work: consumers re-read the pages.
        batch = _state.batch = {}
    batch.setdefault(key, set()).update(values)
    here = set(connection.savepoint_ids)
    if not pending or pending[-1][1] is not _flush or pending[-1][0] != here:
        # Registered after filling the batch (outside a transaction it runs right
        # here). The first callback to run hands over the whole batch, later ones find
        # it empty. Again after any other callback, rather than once per transaction:
        # a savepoint rolled back takes its callbacks with it, and a test's
        # captureOnCommitCallbacks runs only those registered inside it. Looking at
        # the last entry only keeps a bulk import linear.
        transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    batch, _state.batch = getattr(_state, "batch", None) or {}, None
    changes = {key: frozenset(values) for key, values in batch.items() if values}
    if not changes:
        return
    for registered in sorted(_consumers.values()):
        try:
            registered.consumer(changes)
        except Exception:
            # One consumer failing (its queue is down) must not keep the others from
            # their share, nor fail the editor's already committed save.
            logger.exception("change consumer %s failed", registered.name)


def register_preparer(name: str, preparer: Preparer) -> None:
    """Data derived from pages that another consumer reads while it works (the search
    index a catalog column is rendered from). Each consumer runs in its own task, maybe
    on another worker and in any order, so the reader asks for the data it needs to be
    brought up to date first, through `prepare`. A preparer must be idempotent: the
    owner's own task writes the same rows, before or after."""
    _preparers[name] = preparer


def prepare(page_ids: Iterable[int]) -> None:
    ids = sorted(set(page_ids))
    if ids:
        for preparer in _preparers.values():
            preparer(ids)


@contextmanager
def consumers_replaced(**replacements: Consumer) -> Iterator[None]:
    """Tests: run with some consumers swapped (to defer or count their work) or added
    (a new name runs after the registered ones)."""
    saved = dict(_consumers)
    for name, consumer in replacements.items():
        order = saved[name].order if name in saved else 1000
        _consumers[name] = _Registered(order, name, consumer)
    try:
        yield
    finally:
        _consumers.clear()
        _consumers.update(saved)


def record_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    record(PAGES, [instance.pk])


def record_moved(sender: Any, instance: Any, **kwargs: Any) -> None:
    record(MOVED, [instance.pk])
