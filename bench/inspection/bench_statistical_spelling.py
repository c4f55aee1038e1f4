"""疑似错别字 (the statistical check, inspection/statistical_spelling.py): false alarms per
10,000 characters on clean text, recall and precision on generated misspellings.

Split (by report, never by sentence): each report carries its year (a 决议 without one
takes the year of the report before it in the file). Held-out = odd years; tuning =
even years. Thresholds are chosen on the tuning part only, by cross-fitting inside it:
model and vocabulary from the years ≡ 0 (mod 4), evaluated on the years ≡ 2 (mod 4), and
the other way round (`--phase tune` prints a grid). `--phase heldout` builds the model
from the whole tuning part (as production builds it from the indexed pages) and
measures the held-out part once, with the thresholds in the code.

Generated misspellings: in a sample of sentences of the evaluated reports, one ordinary
word (a jieba dictionary word of 2-4 Han characters, not inside a protected term) gets
one character replaced by a confusion: 同音 (another character of the same toneless
pinyin), 近音 (same reading through a fuzzy pinyin pair: zh/z, n/l, an/ang …) or 形近
(statistical_spelling.SHAPE_ALIKE), the substitute drawn from characters the model's
text uses at least 20 times. A substitution that makes a known word (a real-word error:
权利/权力) is not generated — the check cannot see those by design — and the share so
skipped is printed. Mix: 60 % 同音, 25 % 近音, 15 % 形近. A hit is a suspect covering the
changed character whose correction restores the original text there.

    .venv/bin/python bench/inspection/bench_statistical_spelling.py --phase tune
    .venv/bin/python bench/inspection/bench_statistical_spelling.py --phase heldout
    .venv/bin/python bench/inspection/bench_statistical_spelling.py --phase in-model
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)

from gongkai.inspection.spelling import PROTECTED_TERMS, find_misspellings
from gongkai.inspection.statistical_spelling import (
    DEFAULT_THRESHOLDS,
    MIN_SEEN,
    SHAPE_ALIKE,
    Resources,
    Suspect,
    Thresholds,
    find_suspects,
    memory_resources,
)
from gongkai.search.corrections import _reading as exact_reading
from gongkai.search.corrections import (
    fuzzy_reading,
    reads_exactly_alike,
)
from gongkai.search.language_model import CharModel
from gongkai.search.segmentation import Segmenter, is_han

SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
KIND_MIX = (("同音", 0.60), ("近音", 0.25), ("形近", 0.15))
PAGE_CHARACTERS = 3_000  # a page for the timing: about a long article's text


def load(path: str) -> list[tuple[int, str]]:
    reports = []
    year = 0
    with open(path, encoding="utf-8") as corpus:
        for line in corpus:
            row = json.loads(line)
            if row.get("year"):
                year = int(row["year"])
            reports.append((year, row["content"]))
    return reports


def build_resources(texts: Sequence[str], segmenter: Segmenter) -> Resources:
    """The site's model and vocabulary, built from `texts` as lm_store and the index
    build them from the indexed pages (statistical_spelling.memory_resources)."""
    resources, model = memory_resources(texts, segmenter)
    if os.environ.get("BENCH_JIEBA_DICTIONARY", "1") != "1":  # the dictionary's worth
        resources = replace(resources, in_dictionary=lambda word: False)
    object.__setattr__(resources, "model", model)  # the bench's own use (frozen)
    return resources


def substitutes(model: CharModel) -> dict[str, dict[str, list[str]]]:
    """kind -> typed character -> characters it may be mistyped as."""
    common = [c for c, n in _character_counts(model).items() if n >= 20]
    by_exact: dict[str, list[str]] = defaultdict(list)
    by_fuzzy: dict[str, list[str]] = defaultdict(list)
    for c in common:
        if exact_reading(c):
            by_exact[exact_reading(c)].append(c)
            by_fuzzy[fuzzy_reading(c)].append(c)
    out: dict[str, dict[str, list[str]]] = {"同音": {}, "近音": {}, "形近": {}}
    common_set = set(common)
    for c in common:
        out["同音"][c] = [o for o in by_exact[exact_reading(c)] if o != c]
        out["近音"][c] = [
            o
            for o in by_fuzzy[fuzzy_reading(c)]
            if o != c and not reads_exactly_alike(o, c)
        ]
        out["形近"][c] = [o for a, o in SHAPE_ALIKE if a == c and o in common_set]
    return out


def _character_counts(model: CharModel) -> Counter[str]:
    counts: Counter[str] = Counter()
    for gram, n in model._top.items():  # each character once per trigram it ends
        counts[gram[-1]] += n
    return counts


def generate(
    texts: Sequence[str],
    resources: Resources,
    segmenter: Segmenter,
    count: int,
    seed: int,
) -> tuple[list[tuple[str, int, str, str, str]], Counter[str]]:
    """(altered sentence, offset, wrong char, right char, kind) and why some draws
    were skipped."""
    rng = random.Random(seed)
    table = substitutes(resources.model)  # type: ignore[attr-defined]
    sentences = [s for text in texts for s in SENTENCE.findall(text) if len(s) >= 12]
    skipped: Counter[str] = Counter()
    out = []
    protected = list(PROTECTED_TERMS)
    while len(out) < count and sentences:
        sentence = rng.choice(sentences)
        kind = rng.choices([k for k, _ in KIND_MIX], [w for _, w in KIND_MIX])[0]
        words = []
        cursor = 0
        for token in segmenter.query_words(sentence):
            at = sentence.find(token, cursor)
            if at < 0:
                continue
            cursor = at + len(token)
            if 2 <= len(token) <= 4 and is_han(token) and segmenter.has_word(token):
                words.append((at, token))
        if not words:
            skipped["no word"] += 1
            continue
        at, word = rng.choice(words)
        if any(
            term in sentence[max(0, at - 9) : at + len(word) + 9] for term in protected
        ):
            skipped["near a protected term"] += 1
            continue
        position = rng.randrange(len(word))
        choices = table[kind].get(word[position], [])
        if not choices:
            skipped[f"no {kind} substitute"] += 1
            continue
        wrong = rng.choice(choices)
        altered_word = word[:position] + wrong + word[position + 1 :]
        if (
            segmenter.has_word(altered_word)
            or resources.vocabulary_count(altered_word) >= MIN_SEEN
        ):
            skipped["real-word error"] += 1
            continue
        offset = at + position
        altered = sentence[:offset] + wrong + sentence[offset + 1 :]
        out.append((altered, offset, wrong, word[position], kind))
    return out, skipped


def is_hit(suspect: Suspect, offset: int, right: str) -> bool:
    start = suspect.offset
    if not start <= offset < start + len(suspect.wrong):
        return False
    return suspect.correct[offset - start] == right


def measure(
    clean: Sequence[str],
    generated: Sequence[tuple[str, int, str, str, str]],
    resources: Resources,
    thresholds: Thresholds,
) -> dict[str, object]:
    started = time.perf_counter()
    alarms: list[Suspect] = []
    for text in clean:
        alarms += find_suspects(text, resources, thresholds=thresholds)
    clean_seconds = time.perf_counter() - started
    characters = sum(len(text) for text in clean)
    found: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    other = 0
    for altered, offset, _wrong, right, kind in generated:
        tried[kind] += 1
        suspects = find_suspects(altered, resources, thresholds=thresholds)
        hits = [s for s in suspects if is_hit(s, offset, right)]
        found[kind] += bool(hits)
        other += len(suspects) - len(hits[:1])
    true = sum(found.values())
    return {
        "characters": characters,
        "alarms": alarms,
        "per_10k": len(alarms) * 10_000 / max(characters, 1),
        "tried": tried,
        "found": found,
        "recall": true / max(sum(tried.values()), 1),
        # Suspects in the altered sentences that are the planted slip, rightly
        # corrected, over all suspects there.
        "precision_altered": true / max(true + other, 1),
        # The planted slips found over everything flagged in the clean text plus them.
        "precision_site": true / max(true + other + len(alarms), 1),
        "clean_seconds": clean_seconds,
    }


def pages(texts: Sequence[str]) -> list[str]:
    return [
        text[start : start + PAGE_CHARACTERS]
        for text in texts
        for start in range(0, len(text), PAGE_CHARACTERS)
    ]


def report(label: str, result: dict[str, object]) -> None:
    tried: Counter[str] = result["tried"]  # type: ignore[assignment]
    found: Counter[str] = result["found"]  # type: ignore[assignment]
    per_kind = ", ".join(
        f"{kind} {found[kind]}/{tried[kind]} ({found[kind] / max(tried[kind], 1):.2f})"
        for kind, _ in KIND_MIX
    )
    print(
        f"{label}: false alarms {len(result['alarms'])} in {result['characters']} chars"  # type: ignore[arg-type]
        f" = {result['per_10k']:.2f}/10k; recall {result['recall']:.3f} [{per_kind}];"
        f" precision (altered sentences) {result['precision_altered']:.3f};"
        f" precision (clean + planted) {result['precision_site']:.3f}"
    )


def tune(args: argparse.Namespace, tuning: list[tuple[int, str]]) -> None:
    """Cross-fitting inside the tuning part: a grid of thresholds."""
    segmenter = Segmenter()
    folds = (
        [t for y, t in tuning if y % 4 == 0],
        [t for y, t in tuning if y % 4 == 2],
    )
    low = Thresholds(homophone=2.0, fuzzy=2.0, shape=2.0, single_run=0.0)
    rows = []
    for name, (train, test) in (("fold A->B", folds), ("fold B->A", folds[::-1])):
        resources = build_resources(train, segmenter)
        generated, skipped = generate(
            test, resources, segmenter, args.generated, args.seed
        )
        result = measure(test, generated, resources, low)
        print(f"{name}: generated {len(generated)}, skipped {dict(skipped)}")
        rows.append((result, generated, resources))
    # False alarms from the low run's suspects (a span's best one at the low
    # thresholds); recall by running the check at each point. The held-out phase runs
    # the exact check once.
    grid = [(h, m, r) for h in (3, 4, 5, 6, 7, 8) for m in (0, 2) for r in (0, 2, 4)]
    for homophone, margin, single in grid:
        t = Thresholds(homophone, homophone + margin, homophone + margin, single)
        alarms = characters = true = tried = 0
        for result, generated, resources in rows:
            alarms += sum(
                1
                for s in result["alarms"]  # type: ignore[attr-defined]
                if s.gain >= _needed(t, s.kind) + single * s.single_run
            )
            characters += result["characters"]  # type: ignore[operator]
            tried += len(generated)
            for altered, offset, _w, right, _k in generated:
                suspects = find_suspects(altered, resources, thresholds=t)
                true += any(is_hit(s, offset, right) for s in suspects)
        print(
            f"  T同音={homophone} margin={margin} single_run={single}: false alarms "
            f"{alarms * 10_000 / characters:.2f}/10k, recall {true / tried:.3f}"
        )
    if args.show_alarms:
        for result, *_ in rows:
            for s in sorted(result["alarms"], key=lambda s: -s.gain):  # type: ignore[attr-defined]
                print(
                    f"    {s.gain:5.1f} {s.kind} {'run' if s.single_run else 'tok'}"
                    f" {s.wrong}->{s.correct} …{s.context}…"
                )


def held_out(
    args: argparse.Namespace, tuning: list[tuple[int, str]], heldout: list[str]
) -> None:
    """The model from the whole tuning part; the held-out part measured once."""
    segmenter = Segmenter()
    started = time.perf_counter()
    resources = build_resources([t for _, t in tuning], segmenter)
    print(f"model and vocabulary built in {time.perf_counter() - started:.1f} s")
    generated, skipped = generate(
        heldout, resources, segmenter, args.generated, args.seed
    )
    print(f"generated {len(generated)}, skipped {dict(skipped)}")
    result = measure(heldout, generated, resources, DEFAULT_THRESHOLDS)
    report(f"held-out, {DEFAULT_THRESHOLDS}", result)
    for s in result["alarms"]:  # type: ignore[attr-defined]
        print(
            f"  alarm {s.gain:5.1f} {s.confidence:.3f} {s.kind}"
            f" {s.wrong}->{s.correct} …{s.context}…"
        )
    # Per page, alternating with two baselines in the same run (the machine is
    # shared): jieba's segmentation of the page alone, and the listed rule.
    times: dict[str, list[float]] = {"check": [], "segment": [], "listed": []}
    for page in pages(heldout):
        for name, work in (
            ("segment", lambda page=page: segmenter.query_words(page)),
            ("listed", lambda page=page: find_misspellings(page)),
            ("check", lambda page=page: find_suspects(page, resources)),
        ):
            started = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - started)
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(
        f"per page of {PAGE_CHARACTERS} chars, median over {len(times['check'])}"
        f" pages: check {median['check']:.1f} ms; jieba segmentation alone"
        f" {median['segment']:.1f} ms (check = {median['check'] / median['segment']:.1f}×);"
        f" listed rule {median['listed']:.2f} ms. In memory: the site adds its"
        " vocabulary queries"
    )


def in_model(
    args: argparse.Namespace, tuning: list[tuple[int, str]], heldout: list[str]
) -> None:
    """The site-wide run's case: the published pages, slips included, are in the
    model and the vocabulary. The generated slips are written into the held-out
    reports, and the model is built from the tuning part plus those reports."""
    segmenter = Segmenter()
    plain = build_resources([t for _, t in tuning], segmenter)
    generated, _skipped = generate(heldout, plain, segmenter, args.generated, args.seed)
    written = list(heldout)
    for altered, offset, _wrong, right, _kind in generated:
        original = altered[:offset] + right + altered[offset + 1 :]
        for n, text in enumerate(written):
            if original in text:
                written[n] = text.replace(original, altered, 1)
                break
    resources = build_resources([t for _, t in tuning] + written, segmenter)
    result = measure([], generated, resources, DEFAULT_THRESHOLDS)
    report("slips inside the model (site run)", result)
    # False alarms of the same case: the clean held-out reports inside the model.
    resources = build_resources([t for _, t in tuning] + heldout, segmenter)
    result = measure(heldout, [], resources, DEFAULT_THRESHOLDS)
    report("clean held-out text inside the model (site run)", result)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--corpus", default="../shared/corpus/government_work_reports.jsonl"
    )
    parser.add_argument(
        "--phase", choices=("tune", "heldout", "in-model"), default="heldout"
    )
    parser.add_argument("--generated", type=int, default=600)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--show-alarms", action="store_true")
    args = parser.parse_args()
    reports = load(args.corpus)
    tuning = [(year, text) for year, text in reports if year % 2 == 0]
    heldout = [text for year, text in reports if year % 2 == 1]
    print(
        f"tuning (even years): {len(tuning)} reports,"
        f" {sum(len(t) for _, t in tuning)} chars; held-out (odd years):"
        f" {len(heldout)} reports, {sum(len(t) for t in heldout)} chars"
    )
    if args.phase == "tune":
        tune(args, tuning)
    elif args.phase == "in-model":
        in_model(args, tuning, heldout)
    else:
        held_out(args, tuning, heldout)


def _needed(t: Thresholds, kind: str) -> float:
    return {"同音": t.homophone, "近音": t.fuzzy, "形近": t.shape}[kind]


if __name__ == "__main__":
    main()
