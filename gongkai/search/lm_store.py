"""The site's character language model (language_model.CharModel), built from the
public search index's own text and cached per process.

Built from the indexed titles and the kept body text (`SearchDocument.body_text`,
normalised as the index normalises), newest first, up to MAX_CHARACTERS: the model of
that much text is ~30 MB in memory and builds in about a second, once per process and
again when the index changes. The index "changes" when its signature does (item count,
highest item id, vocabulary size), asked at most once per analysis.CACHE_SECONDS; an
item re-indexed with new text but no new word keeps the old model until another change
or a restart, which costs a little recall, never a wrong rewrite of a word the
vocabulary knows (corrections never touch known words).
"""

from __future__ import annotations

from django.db.models import Count, Max

from . import analysis
from .language_model import CharModel
from .normalisation import normalise

MAX_CHARACTERS = 600_000
ORDER = 3  # trigram: on the tuning split it halved the false corrections of a bigram
_BATCH = 500


def signature() -> tuple[int, int, int]:
    from .models import SearchDocument, SearchTerm

    documents = SearchDocument.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return (
        int(documents["n"] or 0),
        int(documents["top"] or 0),
        SearchTerm.objects.count(),
    )


def indexed_texts(limit: int = MAX_CHARACTERS) -> list[str]:
    """Titles and kept bodies of the indexed items, newest first, about `limit`
    characters in all."""
    from .models import SearchDocument

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


def get_model() -> CharModel:
    """The model of the current index (rebuilt when its signature changes)."""
    key = analysis.cached("language_model_signature", signature)
    return analysis.cached_by(
        "language_model",
        key,
        lambda: CharModel.from_texts(indexed_texts(), order=ORDER),
    )
