"""严重错别字 checker: false alarms per 10,000 characters on the whole corpus of State Council
work reports (clean text), and recall on misspellings generated from it.

Method for recall: every occurrence of a protected term in the corpus is replaced, in its own
sentence, by each listed wrong form of that term (同音/形近/漏字 confusions); a hit is a finding
at that place naming the right correction. It measures the matcher, not the list's coverage
of wrong forms nobody listed.

    .venv/bin/python bench/inspection/bench_spelling.py [--corpus ../shared/corpus/government_work_reports.jsonl]
"""

import argparse
import json
import os
import re
import sys
import time

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)

from gongkai.inspection.spelling import PROTECTED_TERMS, find_misspellings

SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--corpus", default="../shared/corpus/government_work_reports.jsonl"
    )
    parser.add_argument(
        "--per-term", type=int, default=50, help="sentences sampled per term"
    )
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as corpus:
        texts = [json.loads(line)["content"] for line in corpus]
    characters = sum(len(text) for text in texts)
    started = time.perf_counter()
    alarms = sum(len(find_misspellings(text)) for text in texts)
    seconds = time.perf_counter() - started
    print(
        f"corpus: {len(texts)} reports, {characters} characters, scanned in {seconds:.2f} s"
    )
    print(
        f"false alarms: {alarms} ({alarms * 10_000 / characters:.3f} per 10,000 characters)"
    )
    sentences = [s for text in texts for s in SENTENCE.findall(text)]
    tried = hits = 0
    for correct, wrongs in PROTECTED_TERMS.items():
        holding = [s for s in sentences if correct in s][: args.per_term]
        for sentence in holding:
            for wrong in wrongs:
                altered = sentence.replace(correct, wrong, 1)
                tried += 1
                found = find_misspellings(altered)
                hits += any(f.wrong == wrong and f.correct == correct for f in found)
    print(
        f"generated misspellings: {tried}, found {hits}, recall {hits / max(tried, 1):.3f}"
    )


if __name__ == "__main__":
    main()
