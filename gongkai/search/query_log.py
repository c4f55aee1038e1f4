"""Hot and related terms, counted with Wagtail's search promotions (Query, QueryDailyHits).

A phrase counts once per client address per day (a marker in the shared cache), and
only from a search that found something, so one client repeating a phrase cannot push it
up the list; HotTermRule lets the office pin phrases first or hide them.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from gongkai.stats.bots import is_bot

from .models import HotTermRule
from .results import SearchResults

# Only short queries that found something become hot terms: long pastes, typos that
# found nothing and probing strings would otherwise crowd the list.
MAX_LOGGED_LENGTH = 30
HOT_TERMS_DAYS = 30
# A day and a little more: the date is in the key, the timeout only frees the memory.
SEEN_TIMEOUT = 26 * 3600


def _first_today(phrase: str, client: str, today: datetime.date) -> bool:
    """True the first time `client` searches `phrase` on `today` (atomic cache.add)."""
    digest = hashlib.sha256(f"{client}\n{phrase}".encode()).hexdigest()[:32]
    return cache.add(
        f"gongkai:search:seen:{today.isoformat()}:{digest}", 1, SEEN_TIMEOUT
    )


def record_search(
    results: SearchResults,
    *,
    user_agent: str | None,
    client: str,
    today: datetime.date | None = None,
) -> None:
    """Count a reader's search (first page, words, at least one result, not a robot,
    the first time today for this client address)."""
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
    today = today or timezone.localdate()
    if not _first_today(normalise_query_string(text), client, today):
        return
    try:
        Query.get(text).add_hit(date=today)
    except DatabaseError:
        # The count is a nicety: a locked SQLite file must not cost the reader the page.
        return


def _hidden_phrases() -> set[str]:
    rules = HotTermRule.objects.filter(action=HotTermRule.Action.HIDE)
    return {
        normalise_query_string(phrase)
        for phrase in rules.values_list("phrase", flat=True)
    }


def list_hot_terms(*, limit: int = 10, today: datetime.date | None = None) -> list[str]:
    """Pinned phrases first, then the most searched terms of the last HOT_TERMS_DAYS
    days; hidden phrases never."""
    pinned = list(
        HotTermRule.objects.filter(action=HotTermRule.Action.PIN)
        .order_by("sort_order", "phrase")
        .values_list("phrase", flat=True)
    )
    # Query stores its phrase normalised (Query.get), so the rules compare in SQL.
    skip = _hidden_phrases() | {normalise_query_string(phrase) for phrase in pinned}
    since = (today or timezone.localdate()) - datetime.timedelta(days=HOT_TERMS_DAYS)
    popular = (
        Query.get_most_popular(date_since=since)
        .exclude(query_string__in=skip)
        .values_list("query_string", flat=True)
    )
    terms = pinned[:limit]
    return terms + list(popular[: limit - len(terms)])


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
            .exclude(query_string__in=_hidden_phrases())
            .values_list("query_string", flat=True)
        )
        terms.extend(term for term in popular[: limit * 2] if term not in terms)
    return terms[:limit]
