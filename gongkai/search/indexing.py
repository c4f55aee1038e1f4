"""Services that keep the public search index (`SearchDocument` + its text) current."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search import index

from gongkai.catalog.models import DisclosurePage

from . import analysis, index_store, lm_store, result_cache
from .attachments import extract_text
from .corrections import wildcard_keys
from .index_store import IndexedText
from .models import SearchDocument, SearchTerm, SearchTermKey
from .normalisation import document_number_key, normalise
from .pinyin import initials_key, pinyin_key
from .segmentation import Segmenter, is_han, unit_tokens

logger = logging.getLogger(__name__)
BODY_TEXT_CHARS = 12_000  # indexed and kept for snippets
VOCABULARY_WORD_LENGTHS = range(2, 9)


def _flatten(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _flatten(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _flatten(v)]
    return [str(value)]


def item_body_text(page: Any) -> str:
    """All searchable text of an item except its title, attachments' text included."""
    texts: list[str] = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            texts.extend(_flatten(field.get_value(page)))
    texts.extend(_attachment_texts(page))
    return "\n".join(t for t in texts if t)


def _attachment_texts(page: Any) -> list[str]:
    body = getattr(page, "body", None)
    if body is None:
        return []
    texts = []
    for block in body:
        if block.block_type != "attachment" or not block.value.get("document"):
            continue
        document = block.value["document"]
        texts.append(block.value.get("title") or document.title)
        try:
            with document.file.open("rb") as stream:
                texts.append(extract_text(stream, document.file_extension))
        except OSError:
            logger.warning("Attachment file missing: %s", document.file.name)
    return texts


def analyse(page_id: int, title: str, body: str, segmenter: Segmenter) -> IndexedText:
    title, body = normalise(title), normalise(body)
    return IndexedText(
        page_id=page_id,
        title_words=" ".join(segmenter.index_words(title)),
        body_words=" ".join(segmenter.index_words(body)),
        title_units=" ".join(unit_tokens(title)),
        body_units=" ".join(unit_tokens(body)),
    )


def _document(page: Any, column_ids: dict[str, int], body: str) -> SearchDocument:
    published_at = page.published_at or page.first_published_at
    return SearchDocument(
        page_id=page.pk,
        path=page.path,
        title=page.title,
        body_text=body[:BODY_TEXT_CHARS],
        column_id=column_ids.get(page.path[: -Page.steplen]),
        genre_id=page.genre_id,
        topic_id=page.topic_id,
        publisher_id=page.publisher_id,
        year=timezone.localtime(published_at).year if published_at else None,
        published_at=published_at,
        index_number=page.index_number or "",
        document_number=page.document_number,
        document_number_key=document_number_key(page.document_number),
        validity=page.validity,
    )


def _record_vocabulary(
    texts: Iterable[IndexedText], known_words: set[str] | None = None
) -> None:
    """Add the new words of these texts to the vocabulary. `known_words`, kept by the
    caller across batches (a rebuild), saves asking the database what it already has."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(
            {
                w
                for w in (text.title_words + " " + text.body_words).split()
                if len(w) in VOCABULARY_WORD_LENGTHS and is_han(w)
            }
        )
    if known_words is None:
        known = set(
            SearchTerm.objects.filter(word__in=list(counts)).values_list(
                "word", flat=True
            )
        )
    else:
        known = known_words
    new = [w for w in counts if w not in known]
    if known_words is not None:
        known_words.update(new)
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(
                word=w,
                pinyin=pinyin_key(w),
                initials=initials_key(w),
                frequency=counts[w],
            )
            for w in new
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    SearchTermKey.objects.bulk_create(
        [SearchTermKey(key=key, word=w) for w in new for key in wildcard_keys(w)],
        ignore_conflicts=True,
        batch_size=1000,
    )


def index_items(page_ids: Sequence[int], *, known_words: set[str] | None = None) -> int:
    """Index these pages if they are live public items, remove them otherwise."""
    pages = list(
        DisclosurePage.objects.live().public().filter(pk__in=page_ids).specific()
    )
    parent_paths = {p.path[: -Page.steplen] for p in pages}
    column_ids = dict(
        Page.objects.filter(path__in=parent_paths).values_list("path", "pk")
    )
    segmenter = analysis.get_segmenter()
    documents, texts = [], []
    for page in pages:
        body = item_body_text(page)
        documents.append(_document(page, column_ids, body))
        texts.append(analyse(page.pk, page.title, body[:BODY_TEXT_CHARS], segmenter))
    with transaction.atomic():
        remove_items([i for i in page_ids if i not in {p.pk for p in pages}])
        _upsert(documents)
        index_store.write_texts(texts)
        _record_vocabulary(texts, known_words)
        result_cache.bump_generation()
    return len(documents)


# Every column of a SearchDocument but its key and the PostgreSQL vectors (which
# index_store.write_texts sets right after, in the same transaction).
_UPSERT_FIELDS = [
    f.name
    for f in SearchDocument._meta.concrete_fields
    if not f.primary_key and f.name not in {"vector", "title_vector"}
]


def _upsert(documents: list[SearchDocument]) -> None:
    """Insert or update: idempotent, so that two writers indexing the same item at the
    same moment (the search task and a publishing task preparing a catalog column, on
    two workers) both succeed instead of one failing on the primary key (a delete then
    insert does not see the other's uncommitted row)."""
    SearchDocument.objects.bulk_create(
        documents,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=_UPSERT_FIELDS,
    )


def index_subtree(page_id: int) -> int:
    """Re-index every item at or below a page."""
    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if path is None:
        return 0
    ids = list(
        DisclosurePage.objects.filter(path__startswith=path).values_list(
            "pk", flat=True
        )
    )
    stale = list(
        SearchDocument.objects.filter(path__startswith=path)
        .exclude(pk__in=ids)
        .values_list("pk", flat=True)
    )
    remove_items(stale)
    return sum(index_items(ids[i : i + 200]) for i in range(0, len(ids), 200))


def remove_items(page_ids: Sequence[int]) -> None:
    if page_ids:
        index_store.delete_texts(list(page_ids))
        SearchDocument.objects.filter(pk__in=page_ids).delete()
        result_cache.bump_generation()


def rebuild_index(
    *, batch_size: int = 200, progress: Callable[[int, int], None] | None = None
) -> int:
    """Drop and rebuild the whole public index; returns the number of items indexed.

    The correction's language model is not asked for after each batch (that would be
    one build per batch): the caller builds it once after (lm_store.build_if_stale;
    `gongkai search rebuild` does)."""
    with lm_store.builds_deferred():
        return _rebuild_index(batch_size=batch_size, progress=progress)


def _rebuild_index(
    *, batch_size: int, progress: Callable[[int, int], None] | None
) -> int:
    with transaction.atomic():
        index_store.clear_texts()
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        SearchTermKey.objects.all().delete()
        result_cache.bump_generation()
    ids = list(
        DisclosurePage.objects.live()
        .public()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done, known_words = 0, set[str]()
    with index_store.bulk_load():
        for start in range(0, len(ids), batch_size):
            done += index_items(
                ids[start : start + batch_size], known_words=known_words
            )
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
    analysis.reset()
    return done
