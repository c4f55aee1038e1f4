"""The site's character language model (language_model.CharModel): built by the
worker from the public search index's own text, stored in the database, loaded by the
server processes.

Built from the indexed titles and the kept body text (`SearchDocument.body_text`,
normalised as the index normalises), newest first, up to MAX_CHARACTERS: the model of
that much text is ~30 MB in memory and takes about a second to build on an idle
machine (19 s was seen under load), so a request never builds it:

- `build_if_stale()` builds and stores it (StoredLanguageModel, one row) when the
  index generation (result_cache.py: replaced by every index write, rebuild, synonym or
  dictionary edit) differs from the one the stored model was built from. It runs in
  the task `search.tasks.build_language_model`, enqueued after the commit of each
  transaction that bumped the generation (apps.py), at `gongkai worker` and `gongkai
  serve` start, and directly at the end of `gongkai search rebuild` and `gongkai demo`;
- `get_model()` returns the stored model, loaded once per process per stored version
  (about 0.2 s on the demo index), or None while none is stored: then no correction is
  proposed (corrections never rewrite without the model's say).

Between an index write and the worker's next build, queries are judged by the previous
model: a little recall for words only the newest items hold, never a wrong rewrite of
a word the vocabulary knows (corrections never touch known words). Answers cached with
the previous model are dropped when the new one is stored (result_cache keys on both).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from . import result_cache
from .language_model import CharModel
from .models import SearchDocument, StoredLanguageModel
from .normalisation import normalise

logger = logging.getLogger(__name__)
MAX_CHARACTERS = 600_000
ORDER = 3  # trigram: on the tuning split it halved the false corrections of a bigram
_BATCH = 500
NO_MODEL = -1  # result_cache.read_versions' model part when no model is stored

_load_lock = threading.Lock()
# (stored generation it was loaded at, the model); NO_MODEL: nothing loaded yet
_loaded: tuple[int, CharModel | None] = (NO_MODEL, None)
_deferral = threading.local()


def indexed_texts(limit: int = MAX_CHARACTERS) -> list[str]:
    """Titles and kept bodies of the indexed items, newest first, about `limit`
    characters in all."""
    texts: list[str] = []
    used = 0
    rows = SearchDocument.objects.order_by("-published_at", "-pk").values_list(
        "title", "body_text"
    )
    for title, body in rows.iterator(chunk_size=_BATCH):
        for text in (title, body):
            if text:
                text = normalise(text[: limit - used])
                texts.append(text)
                used += len(text)
        if used >= limit:
            break
    return texts


def stored_generation() -> int | None:
    """The index generation the stored model was built from; None when none is."""
    return (
        StoredLanguageModel.objects.filter(pk=1)
        .values_list("generation", flat=True)
        .first()
    )


def build_if_stale(*, force: bool = False) -> bool:
    """Build and store the model when the index changed since the stored one was built
    (or none is stored); True when it built. Worker side only: never from a request."""
    generation = result_cache.current_generation()
    if not force and stored_generation() == generation:
        return False
    # The generation is read before the text: a write in between leaves newer text
    # under the older generation, which the task enqueued by that write builds again.
    model = CharModel.from_texts(indexed_texts(), order=ORDER)
    StoredLanguageModel.objects.update_or_create(
        pk=1,
        defaults={
            "generation": generation,
            "built_at": timezone.now(),
            "characters": model.characters,
            "data": model.to_bytes(),
        },
    )
    result_cache.forget_versions()
    logger.info(
        "search language model stored: %d characters, generation %d",
        model.characters,
        generation,
    )
    return True


def get_model() -> CharModel | None:
    """The stored model (loaded when another one was stored since), or None when no
    model is stored yet. Never builds one."""
    global _loaded
    _index, version = result_cache.versions_now()
    loaded_version, model = _loaded
    if version == NO_MODEL:
        return None
    if model is not None and loaded_version == version:
        return model
    with _load_lock:  # one thread loads, the others wait for it
        if _loaded[1] is not None and _loaded[0] == version:
            return _loaded[1]
        row = (
            StoredLanguageModel.objects.filter(pk=1)
            .values_list("generation", "data")
            .first()
        )
        if row is None:
            return None
        try:
            model = CharModel.from_bytes(bytes(row[1]))
        except ValueError:
            logger.exception("the stored search language model cannot be read")
            return _loaded[1]  # the one loaded before, if any
        _loaded = (int(row[0]), model)
        return model


def forget_loaded() -> None:
    """Drop this process's loaded model (tests)."""
    global _loaded
    _loaded = (NO_MODEL, None)


@contextmanager
def builds_deferred() -> Iterator[None]:
    """In this thread, index writes do not ask the worker for a model build: a bulk
    job (a rebuild, the demo) writes in many transactions and builds once after."""
    _deferral.depth = getattr(_deferral, "depth", 0) + 1
    try:
        yield
    finally:
        _deferral.depth -= 1


def builds_are_deferred() -> bool:
    return getattr(_deferral, "depth", 0) > 0
