"""Generated corpora for the search benchmarks: items of ~800 characters recombined
from the sentences of the shared corpus (government work reports), and a mixed query
set. Deterministic for a given seed."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "government_work_reports.jsonl"
)
SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
MISSPELL_CHARS = (
    "正付工凯京记法战健社该格治渡宝账夜物闯心是厂馆里福浓存较玉头姿铲聘起棵"
)


@dataclass(frozen=True)
class Item:
    page_id: int
    title: str
    body: str
    column_id: int
    genre_id: int
    topic_id: int
    publisher_id: int
    year: int


def sentences() -> list[str]:
    out = []
    for line in CORPUS.open(encoding="utf-8"):
        out.extend(s.strip() for s in SENTENCE.findall(json.loads(line)["content"]))
    return [s for s in out if 8 <= len(s) <= 200]


def generate(count: int, *, seed: int = 1, body_chars: int = 800) -> Iterator[Item]:
    rng = random.Random(seed)
    pool = sentences()
    titles = [s.rstrip("。！？；") for s in pool if len(s) <= 32]
    for n in range(count):
        parts, length = [], 0
        while length < body_chars:
            sentence = rng.choice(pool)
            parts.append(sentence)
            length += len(sentence)
        yield Item(
            page_id=n + 1,
            title=rng.choice(titles),
            body="".join(parts),
            column_id=rng.randrange(1, 41),
            genre_id=rng.randrange(1, 25),
            topic_id=rng.randrange(1, 60),
            publisher_id=rng.randrange(1, 30),
            year=rng.randrange(2008, 2026),
        )


def queries(count: int = 500, *, seed: int = 2) -> list[tuple[str, str]]:
    """(kind, text): 1-3 words, phrases, pinyin, misspellings, in realistic shares."""
    import rjieba
    from pypinyin import lazy_pinyin

    rng = random.Random(seed)
    pool = sentences()
    words = sorted(
        {
            w
            for s in rng.sample(pool, 3000)
            for w in rjieba.cut(s)
            if HAN.match(w) and 2 <= len(w) <= 4
        }
    )
    out: list[tuple[str, str]] = []
    kinds = (
        ["one"] * 30
        + ["two"] * 20
        + ["three"] * 10
        + ["phrase"] * 12
        + ["pinyin"] * 12
        + ["misspelling"] * 10
        + ["single"] * 6
    )
    while len(out) < count:
        kind = rng.choice(kinds)
        if kind in ("one", "two", "three"):
            n = {"one": 1, "two": 2, "three": 3}[kind]
            out.append((kind, " ".join(rng.sample(words, n))))
        elif kind == "single":
            out.append((kind, rng.choice(rng.choice(words))))
        elif kind == "phrase":
            s = rng.choice(pool)
            start = rng.randrange(0, max(1, len(s) - 6))
            out.append((kind, f'"{s[start : start + rng.randrange(4, 8)]}"'))
        elif kind == "pinyin":
            w = rng.choice(words)
            out.append((kind, "".join(lazy_pinyin(w)).replace("ü", "u")))
        else:
            w = rng.choice([w for w in words if len(w) >= 3] or words)
            i = rng.randrange(len(w))
            out.append((kind, w[:i] + rng.choice(MISSPELL_CHARS) + w[i + 1 :]))
    return out
