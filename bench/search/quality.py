"""Misspelling correction on held-out real text: precision (correct queries that must
come back unchanged) and recall (one-character homophone misspellings that must be
corrected back).

Run: `.venv/bin/python bench/search/quality.py` (reads ../shared/corpus).
`--tune`: the tuning split used to choose the rules. The held-out reports are left
out altogether; every fifth of the other reports plays their part (its clauses and
words are the correct queries, the vocabulary never sees it). Pure: the
index vocabulary is built in memory from the "indexed" reports with the segmenter the
index uses; every sixth report (by year) is held back and never seen by the
vocabulary. The correction code was never tuned on these queries.

- false-correction set: distinct clauses (4-12 characters) and words (2-6) of the held-out
  reports; a rewrite of any of them is a false correction. The search proposes a
  correction only when a query finds nothing; this set assumes the worst case (every
  query finds nothing), so each one goes through the corrector.
- misspelling set: clauses and words of the indexed reports with one character of a
  2-6 character word replaced by another character of the corpus with the same
  toneless pinyin (a homophone), the result not itself a known word. Recall here is
  "the corrector restores the original text": the search then runs that text, which
  the index holds.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gongkai.search.corrections import correct, pairs_of, wildcard_keys
from gongkai.search.normalisation import normalise
from gongkai.search.segmentation import Segmenter

CORPUS = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "government_work_reports.jsonl"
)
HELD_OUT_EVERY = 6
SEED = 14
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def load(*, tune: bool = False) -> tuple[list[str], list[str]]:
    rows = sorted(
        (json.loads(line) for line in CORPUS.open(encoding="utf-8")),
        key=lambda r: (str(r.get("year") or ""), r["title"]),
    )
    # Normalised as the search does with indexed text and queries alike (traditional →
    # simplified: the 1950s reports' 們 and 農業 are not misspellings to the search).
    texts = [normalise(r["content"]) for r in rows]
    indexed = [
        t for i, t in enumerate(texts) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1
    ]
    held = [t for i, t in enumerate(texts) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    if tune:
        held = indexed[4::5]
        indexed = [t for i, t in enumerate(indexed) if i % 5 != 4]
    return indexed, held


class Vocabulary:
    def __init__(self, segmenter: Segmenter, texts: list[str]) -> None:
        self.segmenter = segmenter
        self.frequency: Counter[str] = Counter()
        for text in texts:
            for run in _HAN_RUN.findall(text):
                self.frequency.update(
                    w for w in segmenter.index_words(run) if 2 <= len(w) <= 8
                )
        self.pairs = {
            p for text in texts for run in _HAN_RUN.findall(text) for p in pairs_of(run)
        }
        self.neighbours: dict[str, list[str]] = defaultdict(list)
        for word in self.frequency:
            for key in wildcard_keys(word):
                self.neighbours[key].append(word)

    def is_known(self, word: str) -> bool:
        return word in self.frequency or self.segmenter.has_word(word)

    def correct(self, query: str) -> str:
        return correct(
            query,
            tokens=self.segmenter.query_words(query),
            is_known=self.is_known,
            frequencies=self.frequency,
            neighbours=self.neighbours,
            unseen=lambda pair: pair not in self.pairs,
        )


def clauses(texts: list[str]) -> list[str]:
    return sorted({c for t in texts for c in _HAN_RUN.findall(t) if 4 <= len(c) <= 12})


def words(segmenter: Segmenter, texts: list[str]) -> list[str]:
    return sorted(
        {
            w
            for t in texts
            for run in _HAN_RUN.findall(t)
            for w in segmenter.query_words(run)
            if 2 <= len(w) <= 6 and _HAN_RUN.fullmatch(w)
        }
    )


def homophones(texts: list[str]) -> dict[str, list[str]]:
    from pypinyin import lazy_pinyin

    by_reading: dict[str, set[str]] = defaultdict(set)
    for char in {c for t in texts for c in t if _HAN_RUN.fullmatch(c)}:
        by_reading[lazy_pinyin(char)[0]].add(char)
    return {
        c: sorted(group - {c})
        for group in by_reading.values()
        for c in group
        if len(group) > 1
    }


def misspell(
    rng: random.Random, text: str, vocab: Vocabulary, alike: dict[str, list[str]]
) -> str:
    """`text` with one character of one of its 2-6 character words swapped for a
    homophone, or "" when no swap yields an unknown word."""
    tokens = list(vocab.segmenter.query_words(text))
    offsets, at = [], 0
    for token in tokens:
        offsets.append(at)
        at += len(token)
    choices = [(o, t) for o, t in zip(offsets, tokens, strict=True) if 2 <= len(t) <= 6]
    rng.shuffle(choices)
    for offset, token in choices:
        position = rng.randrange(len(token))
        others = alike.get(token[position], [])
        if not others:
            continue
        wrong = token[:position] + rng.choice(others) + token[position + 1 :]
        if vocab.is_known(wrong):
            continue
        return text[:offset] + wrong + text[offset + len(token) :]
    return ""


def main() -> int:
    rng = random.Random(SEED)
    segmenter = Segmenter()
    tune = "--tune" in sys.argv[1:]
    indexed, held = load(tune=tune)
    print("tuning split" if tune else "held-out split")
    vocab = Vocabulary(segmenter, indexed)
    correct_queries = clauses(held) + words(segmenter, held)
    rewritten = [(q, vocab.correct(q)) for q in correct_queries]
    rewritten = [(q, c) for q, c in rewritten if c]
    alike = homophones(indexed + held)
    title_like = rng.sample(clauses(indexed), 1500)
    sources = title_like + rng.sample(
        [w for w in words(segmenter, indexed) if vocab.frequency[w] >= 3], 1500
    )
    cases = [(s, m) for s in sources if (m := misspell(rng, s, vocab, alike))]
    fixed = sum(vocab.correct(m) == s for s, m in cases)
    in_clauses = [(s, m) for s, m in cases if s in set(title_like)]
    fixed_clauses = sum(vocab.correct(m) == s for s, m in in_clauses)
    changed_wrongly = sum(
        bool(vocab.correct(m)) and vocab.correct(m) != s for s, m in cases
    )
    print(
        f"false-correction set: {len(correct_queries)} correct queries, {len(rewritten)} rewritten "
        f"(precision on correct queries {1 - len(rewritten) / len(correct_queries):.4f})"
    )
    for q, c in rewritten[:60]:
        print(f"  rewrote {q} -> {c}")
    print(
        f"misspelling set: {len(cases)} one-character homophone misspellings, restored {fixed} "
        f"(recall {fixed / len(cases):.3f}), changed to something else {changed_wrongly}"
    )
    print(
        f"  in clauses (title-like, 4-12 characters): {fixed_clauses} / {len(in_clauses)} "
        f"(recall {fixed_clauses / len(in_clauses):.3f}); in words: "
        f"{fixed - fixed_clauses} / {len(cases) - len(in_clauses)} "
        f"(recall {(fixed - fixed_clauses) / (len(cases) - len(in_clauses)):.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
