"""The search entry point: `search_items(query=SearchQuery(...)) -> SearchResults`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import analysis, index_store, ranking
from .highlighting import highlight, snippet
from .models import SearchDocument
from .normalisation import document_number_key
from .results import (
    FACET_NAMES,
    Facet,
    FacetValue,
    SearchHit,
    SearchQuery,
    SearchResults,
    SortOrder,
)
from .understanding import Understood, correct, understand

MAX_PER_PAGE = 100
MAX_FACET_VALUES = 50
MAX_PAGE = 1000
FACET_SAMPLE_ABOVE = 10_000  # matches; see _match_counts
FACET_SAMPLE_SIZE = 5_000
FACET_FIELDS = {
    "column": "column_id",
    "genre": "genre_id",
    "topic": "topic_id",
    "publisher": "publisher_id",
    "year": "year",
}


def search_items(*, query: SearchQuery) -> SearchResults:
    """Live public items matching the query, one page of hits, facet counts.

    Never raises for any query text: a query with nothing searchable returns no hits
    and a Chinese `message`.
    """
    with index_store.index_scans():
        return _search(query)


def _search(query: SearchQuery) -> SearchResults:
    understood = understand(query.text)
    message = _("检索词过长，只按前 %(n)d 个字检索。") % {"n": len(understood.text)} if understood.truncated else ""
    if query.text.strip() and understood.is_empty and not understood.index_number:
        return SearchResults(
            query=query, hits=[], total=0, facets=[],
            message=_("检索词中没有可检索的文字，请输入汉字、字母或数字。"),
        )
    direct = _direct_document(understood)
    if direct is not None:
        base = SearchDocument.objects.filter(pk=direct.pk)
        return _results(
            query, base, understood, counts=_counts(base), direct_pk=direct.pk,
            message=message, direct_url=_url(direct.pk),
        )
    base = _matching(query, understood)
    counts, estimated = _match_counts(query, understood, base)
    if understood.text and not _total(counts):
        understood.thorough = True  # indexed words also as unit phrases
        base = _matching(query, understood)
        counts, estimated = _match_counts(query, understood, base)
    corrected = ""
    if understood.text and not _total(counts):
        corrected = correct(understood.text)
        if corrected:
            understood = understand(corrected)
            base = _matching(query, understood)
            counts, estimated = _match_counts(query, understood, base)
    return _results(
        query, base, understood, counts=counts, message=message, corrected_text=corrected,
        facets_estimated=estimated,
    )


def _match_counts(
    query: SearchQuery, understood: Understood, base: QuerySet[SearchDocument]
) -> tuple[dict[str, list[tuple[int, int]]], bool]:
    """Total and facet counts of the matches, and whether the facet counts are estimates.

    Exact, except on SQLite for a broad text match (more than FACET_SAMPLE_ABOVE matches
    in the text index, e.g. one common character): there the facets are counted over a
    hash sample of about FACET_SAMPLE_SIZE matches and scaled to the exact total --
    counting 100,000 matches cost 230 ms of a 300 ms search.
    """
    if understood.is_empty or index_store.is_postgres():
        return _counts(base), False
    expression = understood.expression(postgres=False, title_only=query.title_only)
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    filtered = documents.query.where.children != []
    if not filtered:
        # One pass over the text index for the usual case, stopped past the threshold.
        counts = _counts(index_store.filter_matching(documents, expression, limit=FACET_SAMPLE_ABOVE + 1))
        if _total(counts) <= FACET_SAMPLE_ABOVE:
            return counts, False
    in_index = index_store.count_matches(expression) or 0
    if in_index <= FACET_SAMPLE_ABOVE:
        return _counts(base), False
    total = _total(_counts(base, ())) if filtered else in_index
    step = -(-in_index // FACET_SAMPLE_SIZE)
    sample = _counts(index_store.filter_matching(documents, expression, sample_step=step))
    scale = total / max(1, _total(sample))
    counts: dict[str, list[tuple[int, int]]] = {"total": [(0, total)]}
    for name in FACET_NAMES:
        counts[name] = [(value, max(1, round(n * scale))) for value, n in sample[name]]
    return counts, True


def _direct_document(understood: Understood) -> SearchDocument | None:
    if understood.index_number:
        found = SearchDocument.objects.filter(index_number__iexact=understood.index_number).first()
        if found:
            return found
    if understood.document_number_key:
        return SearchDocument.objects.filter(document_number_key=understood.document_number_key).first()
    return None


def _matching(query: SearchQuery, understood: Understood) -> QuerySet[SearchDocument]:
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    if understood.is_empty:
        return documents
    expression = understood.expression(postgres=index_store.is_postgres(), title_only=query.title_only)
    return index_store.filter_matching(documents, expression)


def _filtered(query: SearchQuery, documents: QuerySet[SearchDocument], *, exclude_facet: str | None) -> QuerySet[SearchDocument]:
    for name, values in query.filters.items():
        if name in FACET_FIELDS and name != exclude_facet and values:
            clean = [int(v) for v in values if str(v).strip().isdigit()]
            documents = documents.filter(**{f"{FACET_FIELDS[name]}__in": clean})
    if query.published_from:
        documents = documents.filter(published_at__date__gte=query.published_from)
    if query.published_to:
        documents = documents.filter(published_at__date__lte=query.published_to)
    if query.index_number.strip():
        documents = documents.filter(index_number__icontains=query.index_number.strip())
    if query.document_number.strip():
        documents = documents.filter(document_number_key__contains=document_number_key(query.document_number))
    if query.validity:
        documents = documents.filter(validity=query.validity)
    if query.scope_page_id:
        scope = Page.objects.filter(pk=query.scope_page_id).values_list("path", flat=True).first()
        documents = documents.filter(path__startswith=scope) if scope else documents.none()
    return documents


def _results(
    query: SearchQuery, base: QuerySet[SearchDocument], understood: Understood, *,
    counts: dict[str, list[tuple[int, int]]], direct_pk: int | None = None, **extra: Any,
) -> SearchResults:
    total = _total(counts)
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, min(query.page, MAX_PAGE))
    start, stop = (page - 1) * per_page, page * per_page
    if direct_pk is None and query.sort == SortOrder.RELEVANCE and not understood.is_empty:
        documents = _by_relevance(query, understood, start, stop, total)
    else:
        documents = list((_ordered(query, base) if direct_pk is None else base)[start:stop])
    facets = _facets(query, understood, counts, direct_pk) if query.with_facets else []
    return SearchResults(
        query=query,
        hits=_hits(documents, understood.highlight_terms()),
        total=total,
        facets=facets,
        expanded_terms=tuple(dict.fromkeys(understood.expanded_terms)),
        **extra,
    )


def _ordered(query: SearchQuery, base: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    if query.sort == SortOrder.OLDEST:
        return base.order_by("published_at", "pk")
    return base.order_by("-published_at", "-pk")


def _by_relevance(query: SearchQuery, understood: Understood, start: int, stop: int, total: int) -> list[SearchDocument]:
    """Matches start..stop by relevance: a first block of at most RERANK_DEPTH re-ranked
    (ranking.py), then the other matches in the index's order.

    For a broad query (more than BROAD_MATCHES matches, e.g. one common character) the
    first block holds the best title matches only: ranking every match costs a score
    per match, and the re-ranking puts title matches first anyway.
    """
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    postgres = index_store.is_postgres()
    expression = understood.expression(postgres=postgres, title_only=query.title_only)
    broad = total > ranking.BROAD_MATCHES and not query.title_only
    first = understood.expression(postgres=postgres, title_only=True) if broad else expression
    top = index_store.ranked(documents, first, start=0, stop=ranking.RERANK_DEPTH, with_body_score=True)
    readings = [[[alt.text for alt in clause] for clause in r.clauses] for r in understood.readings]
    block = ranking.rerank([ranking.Candidate(*row) for row in top], readings, _originals([r[0] for r in top]))
    rows = [(c.page_id, c.score) for c in block[start:stop]]
    # The block holds every match unless it is full or drawn from title matches only.
    if stop > len(block) and (broad or len(block) == ranking.RERANK_DEPTH):
        rest = documents.exclude(page_id__in=[c.page_id for c in block])
        rows += [(r[0], r[2]) for r in index_store.ranked(
            rest, expression, start=max(start, len(block)) - len(block), stop=stop - len(block))]
    found = SearchDocument.objects.in_bulk([page_id for page_id, _score in rows])
    ordered = []
    for page_id, score in rows:
        if page_id in found:
            found[page_id].score = score
            ordered.append(found[page_id])
    return ordered


def _originals(page_ids: list[int]) -> dict[int, list[int]]:
    """Interpretation (解读/图解) id -> ids of the items it interprets, among `page_ids`."""
    from gongkai.catalog.models import InterpretationPage

    through = InterpretationPage.interprets.through
    out: dict[int, list[int]] = {}
    rows = through.objects.filter(interpretationpage_id__in=page_ids).values_list(
        "interpretationpage_id", "disclosurepage_id"
    )
    for interpretation_id, original_id in rows:
        out.setdefault(interpretation_id, []).append(original_id)
    return out


def _total(counts: dict[str, list[tuple[int, int]]]) -> int:
    return counts["total"][0][1] if counts["total"] else 0


def _counts(documents: QuerySet[SearchDocument], names: tuple[str, ...] = FACET_NAMES) -> dict[str, list[tuple[int, int]]]:
    """The number of documents and, per facet, (value, count) -- in one statement: the
    matches are computed once (a materialised CTE) and grouped five times."""
    fields = [FACET_FIELDS[name] for name in names]
    sql, params = documents.values("page_id", *fields).query.sql_with_params()
    groups = [f"SELECT '{name}', {FACET_FIELDS[name]}, COUNT(*) FROM m WHERE {FACET_FIELDS[name]} IS NOT NULL"
              f" GROUP BY {FACET_FIELDS[name]}" for name in names]
    statement = f"WITH m AS MATERIALIZED ({index_store.counting_sql(sql)}) " + " UNION ALL ".join(["SELECT 'total', 0, COUNT(*) FROM m", *groups])
    counts: dict[str, list[tuple[int, int]]] = {"total": [], **{name: [] for name in names}}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for name, value, n in cursor.fetchall():
            counts[name].append((value, n))
    for name in names:
        counts[name].sort(key=lambda row: (-row[1], row[0]))
    return counts


def _facets(
    query: SearchQuery, understood: Understood, counts: dict[str, list[tuple[int, int]]], direct_pk: int | None
) -> list[Facet]:
    """Counts per facet value over the matches; a facet with a selection counts
    without its own selection (so its other values stay visible)."""
    facets = []
    for name in FACET_NAMES:
        selected = set(map(str, query.filters.get(name, ())))
        rows = counts[name]
        if selected and direct_pk is None:
            documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=name)
            if not understood.is_empty:
                expression = understood.expression(postgres=index_store.is_postgres(), title_only=query.title_only)
                documents = index_store.filter_matching(documents, expression)
            rows = _counts(documents, (name,))[name]
        rows = rows[:MAX_FACET_VALUES]
        labels = _facet_labels(name, [value for value, _ in rows])
        facets.append(Facet(
            name=name,
            label=FACET_LABELS()[name],
            values=[FacetValue(value=str(v), label=labels.get(v, str(v)), count=n, selected=str(v) in selected)
                    for v, n in rows],
        ))
    return facets


def FACET_LABELS() -> dict[str, str]:  # a constant translated per request
    return {"column": _("栏目"), "genre": _("体裁分类"), "topic": _("主题分类"), "publisher": _("发布机构"), "year": _("年份")}


def _taxonomy_labels() -> dict[str, dict[int, str]]:
    """Names of genres, topics and publishers: small tables, cached briefly per process."""
    from gongkai.catalog.models import Genre, Topic
    from gongkai.core.models import Organisation

    def build() -> dict[str, dict[int, str]]:
        return {
            "genre": dict(Genre.objects.values_list("pk", "name")),
            "topic": {t.pk: str(t) for t in Topic.objects.select_related("parent")},
            "publisher": dict(Organisation.objects.values_list("pk", "name")),
        }

    return analysis.cached("taxonomy_labels", build)


def _facet_labels(name: str, values: list[int]) -> dict[int, str]:
    if name == "column":
        return dict(Page.objects.filter(pk__in=values).values_list("pk", "title"))
    if name in ("genre", "topic", "publisher"):
        return _taxonomy_labels()[name]
    return {v: str(v) for v in values}


def _url(page_id: int) -> str:
    page = Page.objects.filter(pk=page_id).first()
    return (page.get_url() or "") if page else ""


def _hits(documents: list[SearchDocument], terms: Iterable[str]) -> list[SearchHit]:
    from gongkai.catalog.enums import Validity

    terms = list(terms)
    pages = Page.objects.in_bulk([d.pk for d in documents] + [d.column_id for d in documents if d.column_id])
    labels = _taxonomy_labels() if documents else {"genre": {}, "topic": {}, "publisher": {}}
    genres, topics, publishers = labels["genre"], labels["topic"], labels["publisher"]
    validity_labels = dict(Validity.choices)
    hits = []
    for d in documents:
        page, column = pages.get(d.pk), pages.get(d.column_id or 0)
        hits.append(SearchHit(
            page_id=d.pk,
            url=(page.get_url() or "") if page else "",
            title=d.title,
            title_html=highlight(d.title, terms),
            snippet_html=snippet(d.body_text, terms),
            publisher=str(publishers.get(d.publisher_id or 0, "")),
            published_on=timezone.localdate(d.published_at) if d.published_at else None,
            column_title=column.title if column else "",
            column_url=(column.get_url() or "") if column else "",
            index_number=d.index_number,
            document_number=d.document_number,
            validity=str(validity_labels.get(d.validity, "")),
            genre=str(genres.get(d.genre_id or 0, "")),
            topic=str(topics.get(d.topic_id or 0, "")),
            score=float(getattr(d, "score", 0.0) or 0.0),
        ))
    return hits
