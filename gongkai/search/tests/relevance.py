"""The relevance fixture (fixtures/relevance.json) and its measures: recall@10 and MRR.

Used by test_relevance.py and bench/search. Items are built as published 文章 pages.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from gongkai.core.tests.factories import (
    create_column,
    create_home_page,
    create_organisation,
)

from .factories import create_indexed_article

FIXTURE = Path(__file__).parent / "fixtures" / "relevance.json"
TOP = 10


def load_fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def build_items(fixture: dict) -> dict[str, int]:
    """Publish every fixture item; returns fixture key → page id."""
    home = create_home_page()
    columns = [
        create_column(parent=home, title=t)
        for t in ("政府文件", "工作动态", "政策解读")
    ]
    publishers = [
        create_organisation(name=n)
        for n in ("金华市金东区人民政府", "金华市金东区人民政府办公室")
    ]
    keys = {}
    for n, item in enumerate(fixture["items"]):
        page = create_indexed_article(
            column=columns[n % 3],
            publisher=publishers[n % 2],
            title=item["title"],
            body=item["body"],
            document_number=item.get("document_number", ""),
            published_at=timezone.make_aware(
                datetime.datetime(item["year"], 3, 1 + n % 28, 9)
            ),
        )
        keys[item["key"]] = page.pk
    return keys


@dataclass
class Measure:
    recall: float
    mrr: float
    by_kind: dict[str, tuple[float, float]]
    misses: list[str]

    def line(self, name: str) -> str:
        kinds = ", ".join(
            f"{k} {r:.2f}/{m:.2f}" for k, (r, m) in sorted(self.by_kind.items())
        )
        return f"{name}: recall@10 {self.recall:.3f}  MRR {self.mrr:.3f}  ({kinds})"


def measure(
    fixture: dict,
    keys: dict[str, int],
    index_numbers: dict[int, str],
    search: Callable[[str], list[int]],
) -> Measure:
    """Run every query through `search` (text → ranked page ids)."""
    per_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    misses = []
    for query in fixture["queries"]:
        text = query["text"] or index_numbers.get(keys[query["item"]], "")
        expected = {keys[k] for k in query["expected"]}
        ranked = search(text)[:TOP]
        recall = len(expected & set(ranked)) / len(expected)
        rank = next((i + 1 for i, pk in enumerate(ranked) if pk in expected), None)
        per_kind[query["kind"]].append((recall, 1 / rank if rank else 0.0))
        if rank is None:
            misses.append(f"{query['kind']}:{text}")
    scores = [s for values in per_kind.values() for s in values]
    return Measure(
        recall=sum(r for r, _ in scores) / len(scores),
        mrr=sum(m for _, m in scores) / len(scores),
        by_kind={
            k: (sum(r for r, _ in v) / len(v), sum(m for _, m in v) / len(v))
            for k, v in per_kind.items()
        },
        misses=misses,
    )
