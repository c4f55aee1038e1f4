"""A blind false-correction set (issue #14, round 6): correct Chinese queries from text
that the corrector's tuning never saw, fixed *before* the corrector was tuned.

Sources (decided up front, none of them government work reports):
- the zh_Hans translations (msgstr, plural forms too; fuzzy and obsolete entries
  left out) of Django and Wagtail as installed in the venv: every
  `*/locale/zh_Hans/LC_MESSAGES/*.po` under site-packages/django and
  site-packages/wagtail;
- `../shared/reference/rules.md`, the digest of the national disclosure rules
  (regulation text).

Construction: format placeholders (%(name)s, %s, {name}), HTML tags and URLs become
line breaks; the text is normalised as the search normalises it; the queries are the
distinct Han runs of 4-12 characters (clauses, title-like) and the distinct
precise-mode jieba words of 2-6 characters of every Han run (a word typed alone).
Nothing is sampled and nothing is filtered by what the corrector does.

`bench/search/quality.py --blind` measures it (once, at the end of a round);
`bench/search/blind_set.py --write-fixture` writes it to the repository as a test
fixture (gongkai/search/tests/test_false_corrections.py gates it).
Run alone it prints only the counts (not the queries: the set stays unread).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gongkai.search.normalisation import normalise
from gongkai.search.segmentation import Segmenter

RULES = Path(__file__).resolve().parents[3] / "shared" / "reference" / "rules.md"
PACKAGES = ("django", "wagtail")
_PLACEHOLDER = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-z]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %s %d
    r"|\{\{.*?\}\}|\{[^{}]*\}"  # {{ x }} {name}
    r"|<[^>]*>"  # HTML tags
    r"|https?://\S+"
)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def po_files() -> list[Path]:
    import django

    site = Path(django.__file__).resolve().parents[1]
    return sorted(
        path
        for package in PACKAGES
        for path in (site / package).rglob("*.po")
        if "/locale/zh_Hans/LC_MESSAGES/" in path.as_posix()
    )


def po_texts(path: Path) -> Iterator[str]:
    import polib

    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgstr:
            yield entry.msgstr
        yield from (text for text in entry.msgstr_plural.values() if text)


def clean(text: str) -> str:
    return normalise(_PLACEHOLDER.sub("\n", text).replace("\n", " , "))


def queries(segmenter: Segmenter, texts: list[str]) -> tuple[list[str], list[str]]:
    """(clauses of 4-12 characters, words of 2-6 characters), each distinct, sorted."""
    runs = {run for text in texts for run in _HAN_RUN.findall(clean(text))}
    clauses = sorted(run for run in runs if 4 <= len(run) <= 12)
    words = sorted(
        {
            word
            for run in runs
            for word in segmenter.query_words(run)
            if 2 <= len(word) <= 6 and _HAN_RUN.fullmatch(word)
        }
    )
    return clauses, words


def sources() -> dict[str, list[str]]:
    """Source name → its texts."""
    translations = [text for path in po_files() for text in po_texts(path)]
    rules = RULES.read_text(encoding="utf-8").splitlines()
    return {"django+wagtail zh_Hans msgstr": translations, "rules.md": rules}


def blind_set(segmenter: Segmenter | None = None) -> dict[str, list[str]]:
    """Source name → its distinct queries (clauses then words); a query found in
    both sources is kept under the first."""
    segmenter = segmenter or Segmenter()
    out: dict[str, list[str]] = {}
    seen: set[str] = set()
    for name, texts in sources().items():
        clauses, words = queries(segmenter, texts)
        kept = [q for q in dict.fromkeys([*clauses, *words]) if q not in seen]
        seen.update(kept)
        out[name] = kept
    return out


def versions() -> str:
    import django
    import wagtail

    return f"Django {django.__version__}, Wagtail {wagtail.__version__}"


FIXTURE = (
    Path(__file__).resolve().parents[2]
    / "gongkai"
    / "search"
    / "tests"
    / "fixtures"
    / "blind_false_corrections.json"
)


def write_fixture() -> None:
    """The set as a committed test fixture (a user's machine has no ../shared)."""
    found = blind_set()
    FIXTURE.write_text(
        json.dumps(
            {
                "source": f"bench/search/blind_set.py: {versions()} zh_Hans msgstr "
                "and shared/reference/rules.md",
                "queries": found,
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )


def main() -> int:
    """`--write-fixture`: write the set to the test fixture."""
    if "--write-fixture" in sys.argv[1:]:
        write_fixture()
    print(f"{len(po_files())} .po files ({versions()}) and {RULES.name}")
    for name, found in blind_set().items():
        print(f"{name}: {len(found)} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
