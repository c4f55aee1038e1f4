"""rjieba against jieba on the shared corpus: speed and equality of output.

Run: `.venv/bin/python bench/search/segmenters.py` (needs `pip install jieba` for the
comparison; the project itself uses only rjieba). Prints medians of 5 runs.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

CORPUS = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "government_work_reports.jsonl"
)
RUNS = 5


def paragraphs() -> list[str]:
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    return [p for row in rows for p in row["content"].split("\n") if p.strip()]


def timed(cut, texts: list[str]) -> tuple[float, list[list[str]]]:
    times, out = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        out = [list(cut(t)) for t in texts]
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def main() -> int:
    import jieba
    import rjieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = paragraphs()
    chars = sum(len(t) for t in texts)
    print(f"corpus: {len(texts)} paragraphs, {chars} characters; median of {RUNS} runs")
    for mode, r_cut, j_cut in (
        ("precise (query)", rjieba.cut, jieba.lcut),
        ("search (index)", rjieba.cut_for_search, jieba.lcut_for_search),
    ):
        r_time, r_out = timed(r_cut, texts)
        j_time, j_out = timed(j_cut, texts)
        same = sum(a == b for a, b in zip(r_out, j_out, strict=True))
        tokens = sum(len(a) for a in r_out)
        token_diff = sum(
            len(set(a) ^ set(b)) for a, b in zip(r_out, j_out, strict=True)
        )
        print(
            f"{mode}: rjieba {r_time * 1000:.0f} ms ({chars / r_time / 1e6:.2f} M chars/s), "
            f"jieba {j_time * 1000:.0f} ms ({chars / j_time / 1e6:.2f} M chars/s), "
            f"speed-up x{j_time / r_time:.1f}; identical output for {same}/{len(texts)} paragraphs, "
            f"{token_diff} differing token types of {tokens} tokens"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
