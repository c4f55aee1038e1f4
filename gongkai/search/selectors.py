"""The search entry point: `search_items(query=SearchQuery(...)) -> SearchResults`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from gongkai.catalog.enums import Validity
from gongkai.catalog.models import Genre, InterpretationPage, Topic
from gongkai.core.models import Organisation

from . import analysis, index_store, ranking, result_cache
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
from .understanding import (
    Understood,
    correct,
    understand,
    understand_correction,
)

MAX_PER_PAGE = 100
MAX_FACET_VALUES = 50
MAX_PAGE = 1000
# A text query is first counted on a sample of about SAMPLE_DOCUMENTS documents spread
# over the index; when that predicts more than ranking.BROAD_MATCHES matches, the query
# is broad (see _match_counts).
SAMPLE_DOCUMENTS = 10_000
# Newest title matches a broad query re-ranks for its first results (_by_relevance,
# IndexBackend.newest_titles).
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
    with index_store.backend().index_scans():
        return _search(query)


def _search(query: SearchQuery) -> SearchResults:
    understood = understand(query.text)
    message = (
        _("检索词过长，只按前 %(n)d 个字检索。") % {"n": len(understood.text)}
        if understood.truncated
        else ""
    )
    if query.text.strip() and understood.is_empty and not understood.index_number:
        return SearchResults(
            query=query,
            hits=[],
            total=0,
            facets=[],
            message=_("检索词中没有可检索的文字，请输入汉字、字母或数字。"),
        )
    direct = _direct_document(understood)
    if direct is not None:
        base = SearchDocument.objects.filter(pk=direct.pk)
        return _results(
            query,
            base,
            understood,
            counts=_counts(base),
            direct_pk=direct.pk,
            message=message,
            direct_url=_url(direct.pk),
        )
    base = _matching(query, understood)
    counts, sample, block = _match_counts(query, understood, base)
    if understood.text and not _total(counts):
        understood.thorough = True  # indexed words also as unit phrases
        base = _matching(query, understood)
        counts, sample, block = _match_counts(query, understood, base)
    corrected = suggested = ""
    if understood.text and not _total(counts):
        corrected = correct(understood.text)
        if corrected:
            understood = understand_correction(understood.text, corrected)
            base = _matching(query, understood)
            counts, sample, block = _match_counts(query, understood, base)
    elif understood.text:
        # Found as typed: its results are shown; a correction only as a link.
        suggested = correct(understood.text)
    return _results(
        query,
        base,
        understood,
        counts=counts,
        sample=sample,
        block=block,
        message=message,
        corrected_text=corrected,
        suggested_text=suggested,
        facets_estimated=sample is not None,
        total_estimated=sample is not None,
    )


def _sample() -> index_store.Sample | None:
    """About SAMPLE_DOCUMENTS documents spread over the index, or None when the index
    is no bigger (then everything is counted). Cached briefly per process: finding
    the sample's share counts the documents."""
    return analysis.cached(
        "search_sample", lambda: index_store.backend().sample(SAMPLE_DOCUMENTS)
    )


# (page_id, title, score, body score), the first-stage best matches
Block = index_store.Block


def _match_counts(
    query: SearchQuery, understood: Understood, base: QuerySet[SearchDocument]
) -> tuple[dict[str, list[tuple[int, int]]], index_store.Sample | None, Block | None]:
    """Total and facet counts of the matches, the sample they were estimated from
    (None when exact), and, when the same statement could rank them, the
    first-stage block (see _exact_counts).

    A broad match (a common character or word in a large index: hundreds of thousands
    of matches) cannot be counted within a page's time -- every match is read. It is
    recognised by counting the matches in a sample first (index_store.Sample: read
    without touching the rest of the index), and its total and facets are then those counts scaled up,
    shown as estimates ("约"). Any other match is counted exactly. Where the index
    can (SQLite), a query of several words (an AND) is first estimated on the newest
    ids only (IndexBackend.tail_estimate): only a broad one goes on to the whole sample.
    """
    sample = None if understood.is_empty else _sample()
    if sample is not None:
        index = index_store.backend()
        documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
        expression = index.expression(understood, title_only=query.title_only)
        if understood.several_words:
            estimate = index.tail_estimate(documents, expression, sample)
            if estimate is not None and estimate <= ranking.BROAD_MATCHES:
                return _exact_counts(query, understood, base, estimate=estimate)
        counts = _counts(
            index.filter_matching(
                documents, expression, title_only=query.title_only, sample=sample
            )
        )
        estimate = _total(counts) / sample.share
        if estimate > ranking.BROAD_MATCHES:
            return sample.scaled(counts), sample, None
        return _exact_counts(query, understood, base, estimate=estimate)
    return _exact_counts(query, understood, base, estimate=None)


def _exact_counts(
    query: SearchQuery,
    understood: Understood,
    base: QuerySet[SearchDocument],
    *,
    estimate: float | None,
) -> tuple[dict[str, list[tuple[int, int]]], None, Block | None]:
    """Counts of every match (no sample); for a search by relevance, with the
    first-stage block of _by_relevance from the same statement: the index then finds
    the matches once for both (SQLite: one pass over the lists of a phrase with 800
    matches at 1,000,000 items is ~20 ms; PostgreSQL: one recheck of each candidate's
    tsvector). Only when the sample's `estimate` says the matches may all be scored
    (IndexBackend.scores_every_match, with twice the margin: a small index has no
    estimate, and counting alone is cheap there), and the block is dropped when there
    were more after all. The block's rows come with their titles and body scores
    (IndexBackend.block_sql): no statement after this one is needed to rank them.
    PostgreSQL scores in the block only, and only when the matches are few enough
    (a condition inside the statement), so it is tried even without an estimate:
    before, an unknown count (an index below SAMPLE_DOCUMENTS) cost two more
    statements (`ranked`, then the body scores), and one even for no match at all."""
    index = index_store.backend()
    # Unknown (a small index, no sample): tried, as the statement scores only as
    # many matches as the index may (PostgreSQL: IndexBackend.block_sql).
    may_score = estimate is None or index.scores_every_match(estimate / 2)
    if query.sort != SortOrder.RELEVANCE or understood.is_empty or not may_score:
        return _counts(base), None, None
    expression = index.expression(understood, title_only=query.title_only)
    matches = base
    if index.scores_in_counts:
        documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
        scoring = index.scoring_expression(
            understood, title_only=query.title_only, sample=_sample
        )
        matches = index.scored(
            documents, expression, scoring=scoring, title_only=query.title_only
        )
    counts = _counts(
        matches,
        block=index.block_sql(
            expression, title_only=query.title_only, depth=ranking.RERANK_DEPTH
        ),
        with_scores=index.scores_in_counts,
    )
    block = counts.pop("block")
    if not index.scores_every_match(_total(counts)):
        return counts, None, None
    return (
        counts,
        None,
        [
            (page_id, title, float(score), float(body_score))
            for page_id, title, score, body_score in block
        ],
    )


def _direct_document(understood: Understood) -> SearchDocument | None:
    if understood.index_number:
        found = SearchDocument.objects.filter(
            index_number__iexact=understood.index_number
        ).first()
        if found:
            return found
    if understood.document_number_key:
        return SearchDocument.objects.filter(
            document_number_key=understood.document_number_key
        ).first()
    return None


def _matching(query: SearchQuery, understood: Understood) -> QuerySet[SearchDocument]:
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    if understood.is_empty:
        return documents
    index = index_store.backend()
    expression = index.expression(understood, title_only=query.title_only)
    return index.filter_matching(documents, expression, title_only=query.title_only)


def _filtered(
    query: SearchQuery,
    documents: QuerySet[SearchDocument],
    *,
    exclude_facet: str | None,
) -> QuerySet[SearchDocument]:
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
        documents = documents.filter(
            document_number_key__contains=document_number_key(query.document_number)
        )
    if query.validity:
        documents = documents.filter(validity=query.validity)
    if query.scope_page_id:
        scopes = list(
            Page.objects.filter(
                pk__in=[query.scope_page_id, *query.also_page_ids]
            ).values_list("path", flat=True)
        )
        within = Q()
        for scope in scopes:
            within |= Q(path__startswith=scope)
        documents = documents.filter(within) if scopes else documents.none()
    return documents


def _results(
    query: SearchQuery,
    base: QuerySet[SearchDocument],
    understood: Understood,
    *,
    counts: dict[str, list[tuple[int, int]]],
    direct_pk: int | None = None,
    sample: index_store.Sample | None = None,
    block: Block | None = None,
    **extra: Any,
) -> SearchResults:
    total = _total(counts)
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, min(query.page, MAX_PAGE))
    start, stop = (page - 1) * per_page, page * per_page
    if (
        direct_pk is None
        and query.sort == SortOrder.RELEVANCE
        and not understood.is_empty
    ):
        documents = _by_relevance(
            query,
            understood,
            start,
            stop,
            total=total,
            sample=sample,
            first_stage=block,
        )
    else:
        documents = (
            _by_date(query, understood, base, start, stop, broad=sample is not None)
            if direct_pk is None
            else list(base[start:stop])
        )
    facets = (
        _facets(query, understood, counts, direct_pk, sample)
        if query.with_facets
        else []
    )
    return SearchResults(
        query=query,
        hits=_hits(documents, understood.highlight_terms()),
        total=total,
        facets=facets,
        expanded_terms=tuple(dict.fromkeys(understood.expanded_terms)),
        **extra,
    )


def _by_date(
    query: SearchQuery,
    understood: Understood,
    base: QuerySet[SearchDocument],
    start: int,
    stop: int,
    *,
    broad: bool,
) -> list[SearchDocument]:
    """Matches start..stop by publication date. A broad match walks the date index and
    tests each document against the text instead: the matches are dense there, so a
    page is found after a few dozen tests, where collecting every match first would
    read hundreds of thousands."""
    order = (
        ("published_at", "pk")
        if query.sort == SortOrder.OLDEST
        else ("-published_at", "-pk")
    )
    if not broad:
        return list(base.order_by(*order)[start:stop])
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    index = index_store.backend()
    expression = index.expression(understood, title_only=query.title_only)
    with index.per_row_tests():
        return list(
            index.filter_each(
                documents, expression, title_only=query.title_only
            ).order_by(*order)[start:stop]
        )


def _by_relevance(
    query: SearchQuery,
    understood: Understood,
    start: int,
    stop: int,
    *,
    total: int,
    sample: index_store.Sample | None,
    first_stage: Block | None = None,
) -> list[SearchDocument]:
    """Matches start..stop by relevance: a first block re-ranked (ranking.py), then the
    other matches.

    Most queries: the block is the RERANK_DEPTH best by BM25 / ts_rank_cd, the rest
    follows in that order. When scoring every match would cost too much, titles come
    first: a broad query (see _match_counts, `sample` given) takes the BROAD_CANDIDATES
    newest title matches (IndexBackend.newest_titles) and then the rest newest first,
    both read from the index's end without enumerating; a query with more matches
    than the index can score (PostgreSQL, IndexBackend.scores_every_match) takes its
    best title matches (scored on the small title tsvector) and then the rest newest
    first. `first_stage`: the first block before re-ranking, when the counts brought
    it (_exact_counts).
    """
    documents = _filtered(query, SearchDocument.objects.all(), exclude_facet=None)
    index = index_store.backend()
    expression = index.expression(understood, title_only=query.title_only)
    titles = index.expression(understood, title_only=True)
    readings = [
        [[alt.text for alt in clause] for clause in r.clauses]
        for r in understood.readings
    ]
    broad = sample is not None
    scored = not broad and index.scores_every_match(total)
    if sample is not None:  # broad
        top = [
            (page_id, title, 0.0, 0.0)
            for page_id, title in index.newest_titles(
                documents, titles, sample, count=BROAD_CANDIDATES
            )
        ]
    elif first_stage is not None and scored:
        top = first_stage
    else:  # the counts could not bring the block (too many to score: PostgreSQL)
        top = index.ranked(
            documents,
            expression if scored else titles,
            start=0,
            stop=ranking.RERANK_DEPTH,
            with_body_score=True,
            title_only=query.title_only or not scored,
        )
    block = ranking.rerank(
        [ranking.Candidate(*row) for row in top],
        readings,
        _originals([r[0] for r in top]),
    )
    rows = [(c.page_id, c.score) for c in block[start:stop]]
    # The block holds every match unless it is full or drawn from title matches only.
    if stop > len(block) and (not scored or len(block) == ranking.RERANK_DEPTH):
        rest = documents.exclude(page_id__in=[c.page_id for c in block])
        begin, end = max(start, len(block)) - len(block), stop - len(block)
        if broad:
            rows += [
                (page_id, 0.0)
                for page_id, _title in index.newest(
                    rest, expression, start=begin, stop=end, title_only=query.title_only
                )
            ]
        elif not scored:  # a narrow match the index cannot score: collect and sort
            rows += [
                (page_id, 0.0)
                for page_id, _title in index.newest(
                    rest,
                    expression,
                    start=begin,
                    stop=end,
                    title_only=query.title_only,
                    few=True,
                )
            ]
        else:
            rows += [
                (r[0], r[2])
                for r in index.ranked(
                    rest, expression, start=begin, stop=end, title_only=query.title_only
                )
            ]
    found = SearchDocument.objects.in_bulk([page_id for page_id, _score in rows])
    ordered = []
    for page_id, score in rows:
        if page_id in found:
            found[page_id].score = score  # type: ignore[attr-defined]  # ranked hits carry their score
            ordered.append(found[page_id])
    return ordered


def _originals(page_ids: list[int]) -> dict[int, list[int]]:
    """Interpretation (解读/图解) id -> ids of the items it interprets, among `page_ids`."""
    through = InterpretationPage.interprets.through

    def fetch(ids: list[int]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        rows = through.objects.filter(interpretationpage_id__in=ids).values_list(
            "interpretationpage_id", "disclosurepage_id"
        )
        for interpretation_id, original_id in rows:
            out.setdefault(interpretation_id, []).append(original_id)
        return out

    # Remembered per page until the index changes (publishing a 解读 indexes it).
    return result_cache.memo_lookup("interpreted", page_ids, fetch)


def _total(counts: dict[str, list[tuple[int, int]]]) -> int:
    return counts["total"][0][1] if counts["total"] else 0


def _counts(
    documents: QuerySet[SearchDocument],
    names: tuple[str, ...] = FACET_NAMES,
    *,
    block: tuple[str, list[Any]] | None = None,
    with_scores: bool = False,
) -> dict[str, list[tuple[Any, ...]]]:
    """The number of documents and, per facet, (value, count) -- in one statement: the
    matches are computed once (a materialised CTE) and grouped five times. With
    `block` (IndexBackend.block_sql: its SELECT over the CTE `m`, and parameters):
    also, under "block", its rows (page_id, title, score, body score), best first;
    `with_scores`: `documents` come from IndexBackend.scored, and `m` carries their
    scores."""
    fields = [FACET_FIELDS[name] for name in names]
    ranking_fields = (
        ["published_at", *(["score", "body_score"] if with_scores else [])]
        if block
        else []
    )
    sql, params = documents.values(
        "page_id", *fields, *ranking_fields
    ).query.sql_with_params()
    # Rows: (name, value, count, score, body score, title); facet rows leave the
    # scores and title empty.
    none = "CAST(NULL AS DOUBLE PRECISION)"
    no_title = "CAST(NULL AS TEXT)"
    groups = [
        f"SELECT '{name}', {FACET_FIELDS[name]}, COUNT(*), {none}, {none}, {no_title}"
        f" FROM m WHERE {FACET_FIELDS[name]} IS NOT NULL GROUP BY {FACET_FIELDS[name]}"
        for name in names
    ]
    block_params: list[Any] = []
    if block:
        block_sql, block_params = block
        groups.append(
            "SELECT * FROM (SELECT 'block', best.page_id, 0,"
            " CAST(best.score AS DOUBLE PRECISION),"
            f" CAST(best.body_score AS DOUBLE PRECISION), best.title FROM ({block_sql})"
            " AS best) AS block_rows"
        )
    statement = (
        f"WITH m AS MATERIALIZED ({index_store.backend().counting_sql(sql)}) "
        + " UNION ALL ".join(
            [
                f"SELECT 'total', 0, COUNT(*), {none}, {none}, {no_title} FROM m",
                *groups,
            ]
        )
    )
    counts: dict[str, list[tuple[Any, ...]]] = {
        "total": [],
        **{name: [] for name in names},
        **({"block": []} if block else {}),
    }
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *block_params])
        for name, value, n, score, body_score, title in cursor.fetchall():
            counts[name].append(
                (value, title or "", score, body_score)
                if name == "block"
                else (value, n)
            )
    for name in names:
        counts[name].sort(key=lambda row: (-row[1], row[0]))
    return counts


def _facets(
    query: SearchQuery,
    understood: Understood,
    counts: dict[str, list[tuple[int, int]]],
    direct_pk: int | None,
    sample: index_store.Sample | None,
) -> list[Facet]:
    """Counts per facet value over the matches; a facet with a selection counts
    without its own selection (so its other values stay visible), over the same
    sample as the other counts when those are estimates."""
    facets = []
    names = (
        FACET_LABELS()
    )  # translated once: each gettext walks the catalogs' fallbacks
    for name in FACET_NAMES:
        selected = set(map(str, query.filters.get(name, ())))
        rows = counts[name]
        if selected and direct_pk is None:
            documents = _filtered(
                query, SearchDocument.objects.all(), exclude_facet=name
            )
            if not understood.is_empty:
                index = index_store.backend()
                expression = index.expression(understood, title_only=query.title_only)
                documents = index.filter_matching(
                    documents, expression, title_only=query.title_only, sample=sample
                )
            rows = _counts(documents, (name,))[name]
            if sample is not None:
                rows = sample.scaled({name: rows})[name]
        rows = rows[:MAX_FACET_VALUES]
        labels = _facet_labels(name, [value for value, _ in rows])
        facets.append(
            Facet(
                name=name,
                label=names[name],
                values=[
                    FacetValue(
                        value=str(v),
                        label=labels.get(v, str(v)),
                        count=n,
                        selected=str(v) in selected,
                    )
                    for v, n in rows
                ],
            )
        )
    return facets


def FACET_LABELS() -> dict[str, str]:  # a constant translated per language
    return _facet_labels_in(get_language())


@lru_cache(maxsize=8)
def _facet_labels_in(language: str | None) -> dict[str, str]:
    return {
        "column": _("栏目"),
        "genre": _("体裁分类"),
        "topic": _("主题分类"),
        "publisher": _("发布机构"),
        "year": _("年份"),
    }


def _taxonomy_labels() -> dict[str, dict[int, str]]:
    """Names of genres, topics and publishers: small tables, cached briefly per process."""

    def build() -> dict[str, dict[int, str]]:
        return {
            "genre": dict(Genre.objects.values_list("pk", "name")),
            "topic": {t.pk: str(t) for t in Topic.objects.select_related("parent")},
            "publisher": dict(Organisation.objects.values_list("pk", "name")),
        }

    return analysis.cached("taxonomy_labels", build)


def _facet_labels(name: str, values: list[int]) -> dict[int, str]:
    if name == "column":
        # Remembered until the index changes or TTL passes: a renamed column shows
        # within the same time as in a cached answer (result_cache.py).
        return result_cache.memo_lookup(
            "column_titles",
            values,
            lambda ids: dict(
                Page.objects.filter(pk__in=ids).values_list("pk", "title")
            ),
        )
    if name in ("genre", "topic", "publisher"):
        return _taxonomy_labels()[name]
    return {v: str(v) for v in values}


def _url(page_id: int) -> str:
    return _page_links([page_id]).get(page_id, ("", ""))[0]


def _page_links(page_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Page id -> (URL, title), for the hits and their columns.

    Reads three columns instead of whole Page rows (Page.in_bulk built a model
    instance of ~40 fields per hit and column: a third of a search response's time)
    and keeps each URL per process, keyed by the page's url_path, so a moved page
    gets a fresh one; Wagtail's get_url works it out on a miss.
    """
    known: dict[tuple[int, str], str] = analysis.cached("page_urls", dict)
    out = {}
    for page_id, url_path, title in Page.objects.filter(
        pk__in=set(page_ids)
    ).values_list("pk", "url_path", "title"):
        url = known.get((page_id, url_path))
        if url is None:
            url = known[(page_id, url_path)] = (
                Page(pk=page_id, url_path=url_path).get_url() or ""
            )
        out[page_id] = (url, title)
    return out


def _hits(documents: list[SearchDocument], terms: Iterable[str]) -> list[SearchHit]:
    terms = list(terms)
    links = _page_links(
        [d.pk for d in documents] + [d.column_id for d in documents if d.column_id]
    )
    labels = (
        _taxonomy_labels() if documents else {"genre": {}, "topic": {}, "publisher": {}}
    )
    genres, topics, publishers = labels["genre"], labels["topic"], labels["publisher"]
    validity_labels = (
        {value: str(label) for value, label in Validity.choices} if documents else {}
    )
    hits = []
    for d in documents:
        url, _title = links.get(d.pk, ("", ""))
        column_url, column_title = links.get(d.column_id or 0, ("", ""))
        hits.append(
            SearchHit(
                page_id=d.pk,
                url=url,
                title=d.title,
                title_html=highlight(d.title, terms),
                snippet_html=snippet(d.body_text, terms),
                publisher=str(publishers.get(d.publisher_id or 0, "")),
                published_on=timezone.localdate(d.published_at)
                if d.published_at
                else None,
                column_title=column_title,
                column_url=column_url,
                index_number=d.index_number,
                document_number=d.document_number,
                validity=validity_labels.get(d.validity, ""),
                genre=str(genres.get(d.genre_id or 0, "")),
                topic=str(topics.get(d.topic_id or 0, "")),
                score=float(getattr(d, "score", 0.0) or 0.0),
            )
        )
    return hits
