"""Hot and related terms, counted with Wagtail's search promotions (Query, QueryDailyHits)."""

from __future__ import annotations

import datetime

from django.db import DatabaseError
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from gongkai.stats.bots import is_bot

from .results import SearchResults

# Only short queries that found something become hot terms: long pastes, typos that
# found nothing and probing strings would otherwise crowd the list.
MAX_LOGGED_LENGTH = 30
HOT_TERMS_DAYS = 30


def record_search(results: SearchResults, *, user_agent: str | None) -> None:
    """Count a reader's search (first page, words, at least one result, not a robot)."""
    query = results.query
    text = query.text.strip()
    if (
        not text
        or query.page != 1
        or results.total == 0
        or len(text) > MAX_LOGGED_LENGTH
        or is_bot(user_agent)
    ):
        return
    try:
        Query.get(text).add_hit()
    except DatabaseError:
        # The count is a nicety: a locked SQLite file must not cost the reader the page.
        return


def list_hot_terms(*, limit: int = 10, today: datetime.date | None = None) -> list[str]:
    """The most searched terms of the last HOT_TERMS_DAYS days."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=HOT_TERMS_DAYS)
    popular = Query.get_most_popular(date_since=since).values_list(
        "query_string", flat=True
    )
    return list(popular[:limit])


def list_related_terms(results: SearchResults, *, limit: int = 8) -> list[str]:
    """Terms the engine expanded the query with, then popular queries sharing its words."""
    text = results.query.text.strip().lower()
    terms: list[str] = []
    for term in results.expanded_terms:
        if term and term.lower() != text and term not in terms:
            terms.append(term)
    if text and len(text) <= MAX_LOGGED_LENGTH:
        word = text.split()[0]
        popular = (
            Query.get_most_popular()
            .filter(query_string__contains=word)
            .exclude(query_string=text)
            .values_list("query_string", flat=True)
        )
        terms.extend(term for term in popular[: limit * 2] if term not in terms)
    return terms[:limit]
