"""The demo's shipped data: the seed page and the corpus of real paragraphs (fixtures/)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class CorpusParagraph:
    text: str
    year: int
    title: str  # the report the paragraph comes from


def _read_json(name: str) -> Any:
    return json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8"))


@cache
def load_seed_page() -> dict[str, Any]:
    """The seed page as published on jindong.gov.cn (see fixtures/seed-page.json)."""
    return _read_json("seed-page.json")


@cache
def load_corpus() -> tuple[CorpusParagraph, ...]:
    """Paragraphs of recent Government Work Reports (see fixtures/derive_corpus.py)."""
    return tuple(
        CorpusParagraph(text=item["text"], year=item["year"], title=item["title"])
        for item in _read_json("corpus.json")["paragraphs"]
    )
