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
# A text query is first counted on a sample of about SAMPLE_DOCUMENTS documents spread
# over the index; when that predicts more than ranking.BROAD_MATCHES matches, the query
# is broad (see _match_counts).
SAMPLE_DOCUMENTS = 10_000
# Newest title matches a broad query re-ranks for its first results (_by_relevance).
BROAD_CANDIDATES = 200
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
    counts, sample = _match_counts(query, understood, base)
    if understood.text and not _total(counts):
        understood.thorough = True  # indexed words also as unit phrases
        base = _matching(query, understood)
        counts, sample = _match_counts(query, understood, base)
    corrected = ""
    if understood.text and not _total(counts):
        corrected = correct(understood.text)
        if corrected:
            understood = understand(corrected)
            base = _matching(query, understood)
            counts, sample = _match_counts(query, understood, base)
    return _results(
        query, base, understood, counts=counts, sample=sample, message=message, corrected_text=corrected,
        facets_estimated=sample is not None, total_estimated=sample is not None,
    )


def _sample() -> index_store.Sample | None:
    """About SAMPLE_DOCUMENTS documents spread over the index, or None when the index
    is no bigger (then everything is counted). Cached briefly per process: finding
    the sample's share counts the documents."""
    return analysis.cached("search_sample", lambda: index_store.sample(SAMPLE_DOCUMENTS))


def _match_counts(
    query: SearchQuery, understood: Understood, base: QuerySet[SearchDocument]
) -> tuple[dict[str, list[tuple[int, int]]], index_store.Sample | None]:
    """Total and facet counts of the matches, and the sample they were estimated from
    (None when exact).

    A broad match (a common character or word in a large index: hundreds of thousands
    of matches) cannot be counted within a page's time -- every match is read. It is
    recognised by counting the matches in a sample first (index_store.Sample: read
    without touching the rest of the index), and its total and facets are then those counts scaled up,
    shown as estimates ("约"). Any other match is counted exactly.
    """
    sample = None if understood.is_empty else _sample()
    if sample is not None:
        postgres = index_store.is_postgres()
        documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
        expression = understood.expression(postgres=postgres, title_only=query.title_only)
        counts = _counts(index_store.filter_matching(
            documents, expression, title_only=query.title_only, sample=sample))
        if _total(counts) / sample.share > ranking.BROAD_MATCHES:
            return sample.scaled(counts), sample
    return _counts(base), None


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
    return index_store.filter_matching(documents, expression, title_only=query.title_only)


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
    counts: dict[str, list[tuple[int, int]]], direct_pk: int | None = None, sample: index_store.Sample | None = None,
    **extra: Any,
) -> SearchResults:
    total = _total(counts)
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, min(query.page, MAX_PAGE))
    start, stop = (page - 1) * per_page, page * per_page
    if direct_pk is None and query.sort == SortOrder.RELEVANCE and not understood.is_empty:
        documents = _by_relevance(query, understood, start, stop, total=total, broad=sample is not None)
    else:
        documents = _by_date(query, understood, base, start, stop, broad=sample is not None) if direct_pk is None \
            else list(base[start:stop])
    facets = _facets(query, understood, counts, direct_pk, sample) if query.with_facets else []
    return SearchResults(
        query=query,
        hits=_hits(documents, understood.highlight_terms()),
        total=total,
        facets=facets,
        expanded_terms=tuple(dict.fromkeys(understood.expanded_terms)),
        **extra,
    )


def _by_date(
    query: SearchQuery, understood: Understood, base: QuerySet[SearchDocument], start: int, stop: int, *, broad: bool
) -> list[SearchDocument]:
    """Matches start..stop by publication date. A broad match walks the date index and
    tests each document against the text instead: the matches are dense there, so a
    page is found after a few dozen tests, where collecting every match first would
    read hundreds of thousands."""
    order = ("published_at", "pk") if query.sort == SortOrder.OLDEST else ("-published_at", "-pk")
    if not broad:
        return list(base.order_by(*order)[start:stop])
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    expression = understood.expression(postgres=index_store.is_postgres(), title_only=query.title_only)
    with index_store.per_row_tests():
        return list(index_store.filter_each(documents, expression, title_only=query.title_only)
                    .order_by(*order)[start:stop])


def _by_relevance(
    query: SearchQuery, understood: Understood, start: int, stop: int, *, total: int, broad: bool
) -> list[SearchDocument]:
    """Matches start..stop by relevance: a first block re-ranked (ranking.py), then the
    other matches.

    Most queries: the block is the RERANK_DEPTH best by BM25 / ts_rank_cd, the rest
    follows in that order. When scoring every match would cost too much, titles come
    first: a broad query (see _match_counts) takes the BROAD_CANDIDATES newest title
    matches and then the rest newest first, both read from the index's end without
    enumerating; on PostgreSQL a query with more matches than index_store can score
    takes its best title matches (scored on the small title tsvector) and then the
    rest newest first.
    """
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    postgres = index_store.is_postgres()
    expression = understood.expression(postgres=postgres, title_only=query.title_only)
    titles = understood.expression(postgres=postgres, title_only=True)
    readings = [[[alt.text for alt in clause] for clause in r.clauses] for r in understood.readings]
    scored = not broad and index_store.scores_every_match(total)
    if broad:
        top = [(page_id, title, 0.0, 0.0) for page_id, title in
               index_store.newest(documents, titles, start=0, stop=BROAD_CANDIDATES, title_only=True)]
    else:
        top = index_store.ranked(documents, expression if scored else titles, start=0, stop=ranking.RERANK_DEPTH,
                                 with_body_score=True, title_only=query.title_only or not scored)
    block = ranking.rerank([ranking.Candidate(*row) for row in top], readings, _originals([r[0] for r in top]))
    rows = [(c.page_id, c.score) for c in block[start:stop]]
    # The block holds every match unless it is full or drawn from title matches only.
    if stop > len(block) and (not scored or len(block) == ranking.RERANK_DEPTH):
        rest = documents.exclude(page_id__in=[c.page_id for c in block])
        begin, end = max(start, len(block)) - len(block), stop - len(block)
        if broad:
            rows += [(page_id, 0.0) for page_id, _title in index_store.newest(
                rest, expression, start=begin, stop=end, title_only=query.title_only)]
        elif not scored:
            rows += [(page_id, 0.0) for page_id in index_store.filter_matching(
                rest, expression, title_only=query.title_only).order_by("-page_id")
                .values_list("page_id", flat=True)[begin:end]]
        else:
            rows += [(r[0], r[2]) for r in index_store.ranked(
                rest, expression, start=begin, stop=end, title_only=query.title_only)]
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
    query: SearchQuery, understood: Understood, counts: dict[str, list[tuple[int, int]]], direct_pk: int | None,
    sample: index_store.Sample | None,
) -> list[Facet]:
    """Counts per facet value over the matches; a facet with a selection counts
    without its own selection (so its other values stay visible), over the same
    sample as the other counts when those are estimates."""
    facets = []
    for name in FACET_NAMES:
        selected = set(map(str, query.filters.get(name, ())))
        rows = counts[name]
        if selected and direct_pk is None:
            documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=name)
            if not understood.is_empty:
                expression = understood.expression(postgres=index_store.is_postgres(), title_only=query.title_only)
                documents = index_store.filter_matching(
                    documents, expression, title_only=query.title_only,
                    sample=sample)
            rows = _counts(documents, (name,))[name]
            if sample is not None:
                rows = sample.scaled({name: rows})[name]
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
