"""Second-stage ranking of the best first-stage matches. Pure: no ORM.

The index ranks every match by weighted BM25 (FTS5) or ts_rank_cd (PostgreSQL), where
a title match weighs ten times a body match. BM25 also divides by the title's length,
so a short title ("图解：区委五届四次全体会议") beats the long official title of the
document it explains. The first `RERANK_DEPTH` (60) matches are therefore re-ordered by
two rules a reader expects:

1. Title first: an item whose title contains more of the query's words comes first,
   whatever its title's length; among items whose titles contain equally many, the
   one whose body is more about the words (body-only BM25) comes first, then the
   first-stage score.
2. Original before interpretation: a 解读/图解 comes after the item it interprets
   when both are in the same title tier (equal title relevance).

Beyond the first `RERANK_DEPTH` matches the first-stage order stands; the re-ranking
is a permutation of that first block, so pagination never repeats or skips an item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .normalisation import normalise
from .segmentation import units

RERANK_DEPTH = (
    60  # three pages of twenty; each candidate costs a title check and a body score
)
# Above this many (estimated) matches a query is broad: counted on a sample, its first
# block drawn from the newest title matches (selectors). Below it, counting and scoring
# every match stays within a few tens of milliseconds at 1,000,000 items.
BROAD_MATCHES = 5_000


@dataclass(frozen=True)
class Candidate:
    page_id: int
    title: str
    score: float  # first-stage score, higher is better
    body_score: float  # the body's part of it


@lru_cache(maxsize=20_000)
def _key(text: str) -> str:
    return "".join(units(normalise(text)))


def title_matches(title: str, readings: Sequence[Sequence[Sequence[str]]]) -> int:
    """How many clauses of the best reading have an alternative inside the title.

    `readings`: per reading, per clause, the texts of its alternatives (word, synonym,
    phrase)."""
    title_key = _key(title)
    best = 0
    for clauses in readings:
        found = sum(
            1
            for alternatives in clauses
            if any(k and k in title_key for k in map(_key, alternatives))
        )
        best = max(best, found)
    return best


def rerank(
    candidates: Sequence[Candidate],
    readings: Sequence[Sequence[Sequence[str]]],
    originals: Mapping[int, Iterable[int]],
) -> list[Candidate]:
    """The candidates in reading order (see the module docstring). `originals` maps an
    interpretation's page id to the ids of the items it interprets."""
    tiers = {c.page_id: title_matches(c.title, readings) for c in candidates}
    first_stage = {c.page_id: i for i, c in enumerate(candidates)}
    ordered = sorted(
        candidates,
        key=lambda c: (
            -tiers[c.page_id],
            -c.body_score,
            -c.score,
            first_stage[c.page_id],
        ),
    )
    for interpretation in [c for c in ordered if c.page_id in originals]:
        for original_id in originals[interpretation.page_id]:
            ids = [c.page_id for c in ordered]
            if (
                original_id not in ids
                or tiers[original_id] != tiers[interpretation.page_id]
            ):
                continue
            here, there = ids.index(interpretation.page_id), ids.index(original_id)
            if there > here:
                ordered.insert(here, ordered.pop(there))
    return ordered
