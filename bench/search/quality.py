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
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
# --code DIR: measure the gongkai package of another checkout (e.g. a worktree of
# main) with this harness, for a same-run baseline.
if "--code" in sys.argv:
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])

from gongkai.search import corrections
from gongkai.search.corrections import (
    MIN_LOG_RATIO,
    MIN_LOG_RATIO_ALONE,
    MIN_LOG_RATIO_RUN,
    correct,
    fuzzy_reading,
    wildcard_keys,
)
from gongkai.search.language_model import CharModel
from gongkai.search.normalisation import normalise
from gongkai.search.segmentation import Segmenter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from blind_catalogs import catalog_set
from blind_set import blind_set

# Code before round 6 has no fuzzy margin, before round 7 no general-language margin.
FUZZY_MARGIN = getattr(corrections, "FUZZY_MARGIN", None)
GENERAL = (
    (corrections.GENERAL_FLOOR, corrections.GENERAL_WEIGHT, *corrections.GENERAL_ALONE)
    if hasattr(corrections, "GENERAL_FLOOR")
    else None
)

CORPUS = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "government_work_reports.jsonl"
)
HELD_OUT_EVERY = 6
SEED = 14
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def load(*, tune: bool = False, fold: int = 4) -> tuple[list[str], list[str]]:
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
        held = indexed[fold::5]
        indexed = [t for i, t in enumerate(indexed) if i % 5 != fold]
    return indexed, held


class Vocabulary:
    def __init__(
        self,
        segmenter: Segmenter,
        texts: list[str],
        *,
        order: int = 3,
        thresholds: tuple[float, ...] = (
            MIN_LOG_RATIO,
            MIN_LOG_RATIO_RUN,
            MIN_LOG_RATIO_ALONE,
            FUZZY_MARGIN,
        ),
    ) -> None:
        self.segmenter = segmenter
        self.model = CharModel.from_texts(texts, order=order)
        self.thresholds = thresholds
        self.general = GENERAL
        self.frequency: Counter[str] = Counter()
        for text in texts:
            for run in _HAN_RUN.findall(text):
                self.frequency.update(
                    w for w in segmenter.index_words(run) if 2 <= len(w) <= 8
                )
        self.neighbours: dict[str, list[str]] = defaultdict(list)
        for word in self.frequency:
            for key in wildcard_keys(word):
                self.neighbours[key].append(word)

    def is_known(self, word: str) -> bool:
        return word in self.frequency or self.segmenter.has_word(word)

    def correct(self, query: str) -> str:
        options = {} if FUZZY_MARGIN is None else {"fuzzy_margin": self.thresholds[3]}
        if GENERAL is not None:
            # Round 7: the general-language margin (floor, weight).
            options["general_log_ratio"] = self.segmenter.general_log_ratio
            options["general"] = self.general[:2]
            options["general_alone"] = self.general[2:]
        return correct(
            query,
            tokens=self.segmenter.query_words(query),
            is_known=self.is_known,
            frequencies=self.frequency,
            neighbours=self.neighbours,
            log_ratio=self.model.log_ratio,
            threshold=self.thresholds[0],
            run_threshold=self.thresholds[1],
            alone_threshold=self.thresholds[2],
            **options,
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


def homophones(texts: list[str], *, fuzzy: bool = False) -> dict[str, list[str]]:
    """Character → the corpus characters of the same toneless pinyin; with `fuzzy`,
    those that read alike only through a fuzzy pair instead (讲 → 减, 凡 → 方)."""
    from pypinyin import lazy_pinyin

    by_reading: dict[str, set[str]] = defaultdict(set)
    characters = {c for t in texts for c in t if _HAN_RUN.fullmatch(c)}
    for char in characters:
        by_reading[fuzzy_reading(char) if fuzzy else lazy_pinyin(char)[0]].add(char)
    return {
        c: sorted(
            o
            for o in group - {c}
            if not fuzzy or lazy_pinyin(o)[0] != lazy_pinyin(c)[0]
        )
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


def evaluate(vocab: Vocabulary, correct_queries: list[str], cases, title_like) -> dict:
    rewritten = [(q, c) for q in correct_queries if (c := vocab.correct(q))]
    results = [(s, vocab.correct(m)) for s, m in cases]
    fixed = sum(c == s for s, c in results)
    titles = set(title_like)
    in_clauses = [(s, c) for s, c in results if s in titles]
    fixed_clauses = sum(c == s for s, c in in_clauses)
    return {
        "rewritten": rewritten,
        "queries": len(correct_queries),
        "cases": len(cases),
        "fixed": fixed,
        "changed_wrongly": sum(bool(c) and c != s for s, c in results),
        "clauses": len(in_clauses),
        "fixed_clauses": fixed_clauses,
    }


def report(r: dict, *, show: int = 60) -> None:
    rewritten, n = r["rewritten"], r["queries"]
    print(
        f"false-correction set: {n} correct queries, {len(rewritten)} rewritten "
        f"(precision on correct queries {1 - len(rewritten) / n:.4f})"
    )
    for q, c in rewritten[:show]:
        print(f"  rewrote {q} -> {c}")
    words = r["cases"] - r["clauses"]
    print(
        f"misspelling set: {r['cases']} one-character homophone misspellings, restored "
        f"{r['fixed']} (recall {r['fixed'] / r['cases']:.3f}), changed to something "
        f"else {r['changed_wrongly']}"
    )
    print(
        f"  in clauses (title-like, 4-12 characters): {r['fixed_clauses']} / {r['clauses']} "
        f"(recall {r['fixed_clauses'] / r['clauses']:.3f}); in words: "
        f"{r['fixed'] - r['fixed_clauses']} / {words} "
        f"(recall {(r['fixed'] - r['fixed_clauses']) / words:.3f})"
    )


def _option(name: str, default: str) -> str:
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else default


def run_sweep(
    sweep: str,
    vocab: Vocabulary,
    segmenter: Segmenter,
    correct_queries,
    cases,
    title_like,
) -> None:
    """--sweep "T:R:A[:F[:G0:GW]],...": each setting's rewrites and recall."""
    for pair in sweep.split(","):
        values = [float(x) for x in pair.split(":")]
        # T:R:A[:F[:G0:GW[:GA0:GAW]]] (G0, GW: the general-language floor and
        # weight; GA0, GAW: the same for a span typed alone, else G0, GW). Left out:
        # the shipped values.
        if len(values) >= 6:
            general = values[4:6]
            vocab.general = tuple(general + (values[6:8] or general))
            values = values[:4]
        vocab.thresholds = tuple(values + [FUZZY_MARGIN][len(values) - 3 :])
        r = evaluate(vocab, correct_queries, cases, title_like)
        if "--blind" in sys.argv[1:]:
            # The round-6 blind set, tuning data since round 7.
            blind = [
                q
                for found in blind_set(segmenter).values()
                for q in dict.fromkeys(map(normalise, found))
                if q and vocab.correct(q)
            ]
            print(f"  round-6 blind set rewrites: {len(blind)} {blind[:12]}")
        print(
            f"thresholds {pair}: rewrites {len(r['rewritten'])}, recall "
            f"{r['fixed'] / r['cases']:.3f}, title-like "
            f"{r['fixed_clauses'] / r['clauses']:.3f}, words "
            f"{(r['fixed'] - r['fixed_clauses']) / (r['cases'] - r['clauses']):.3f}"
        )


def main() -> int:
    """Options: --tune (the tuning split), --order 2|3, --sweep "T:R:A,..."
    (thresholds: made-up tokens : runs of single characters : a span typed alone)."""
    if "--time-normalise" in sys.argv[1:]:
        # The cost of `normalise` (with --code: of another checkout's) on 1,000,000
        # characters of the reports, median of 5.
        text = "\n".join(
            json.loads(line)["content"] for line in CORPUS.open(encoding="utf-8")
        )[:1_000_000]
        normalise("预热")
        times = []
        for _ in range(5):
            began = time.perf_counter()
            normalise(text)
            times.append(time.perf_counter() - began)
        times.sort()
        print(f"normalise: {times[2]:.3f} s per 1,000,000 characters (median of 5)")
        return 0
    rng = random.Random(SEED)
    segmenter = Segmenter()
    tune = "--tune" in sys.argv[1:]
    fold = int(_option("--fold", "4"))
    indexed, held = load(tune=tune, fold=fold)
    order = int(_option("--order", "3"))
    print(("tuning split" if tune else "held-out split") + f", order {order}")
    started = time.perf_counter()
    vocab = Vocabulary(segmenter, indexed, order=order)
    print(
        f"model of {vocab.model.characters:,} characters built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    correct_queries = clauses(held) + words(segmenter, held)
    # --fuzzy: the misspellings are fuzzy-pinyin slips (zh/z, n/l, an/ang ...) instead
    # of true homophones.
    alike = homophones(indexed + held, fuzzy="--fuzzy" in sys.argv[1:])
    title_like = rng.sample(clauses(indexed), 1500)
    sources = title_like + rng.sample(
        [w for w in words(segmenter, indexed) if vocab.frequency[w] >= 3], 1500
    )
    cases = [
        (s, m) for s, m in ((s, misspell(rng, s, vocab, alike)) for s in sources) if m
    ]
    sweep = _option("--sweep", "")
    if sweep:
        run_sweep(sweep, vocab, segmenter, correct_queries, cases, title_like)
        return 0
    print(f"code: {corrections.__file__}")
    report(evaluate(vocab, correct_queries, cases, title_like))
    if "--blind" in sys.argv[1:]:
        # The blind set (bench/search/blind_set.py), measured once at the end of a
        # round: its queries normalised as this code normalises.
        for name, queries in blind_set(segmenter).items():
            found = list(dict.fromkeys(q for q in map(normalise, queries) if q))
            rewritten = [(q, c) for q in found if (c := vocab.correct(q))]
            print(
                f"blind set {name}: {len(found)} correct queries, {len(rewritten)} "
                f"rewritten (precision {1 - len(rewritten) / len(found):.4f})"
            )
            for q, c in rewritten:
                print(f"  rewrote {q} -> {c}")
    if "--blind-catalogs" in sys.argv[1:]:
        blind_catalogs(vocab, segmenter)
    return 0


def blind_catalogs(vocab: Vocabulary, segmenter: Segmenter) -> None:
    """The round-7 blind set (bench/search/blind_catalogs.py): only the count is
    printed, so that the set stays unread while tuning; --show prints the rewrites
    (once, at the end of a round)."""
    sample, _ = catalog_set(segmenter)
    found = list(dict.fromkeys(q for q in map(normalise, sample) if q))
    rewritten = [(q, c) for q in found if (c := vocab.correct(q))]
    print(
        f"blind set (system zh_CN catalogs): {len(found)} correct queries, "
        f"{len(rewritten)} rewritten (precision {1 - len(rewritten) / len(found):.4f})"
    )
    if "--show" in sys.argv[1:]:
        for q, c in rewritten:
            print(f"  rewrote {q} -> {c}")


if __name__ == "__main__":
    raise SystemExit(main())
