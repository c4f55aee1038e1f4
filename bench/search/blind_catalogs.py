"""A second blind false-correction set (issue #14, round 7): correct Chinese queries
from text that no bench, test or tuning round of the corrector has read, fixed *before*
the round-7 changes to the corrector.

Why a second set: the round-6 blind set (`blind_set.py`, Django/Wagtail zh_Hans and
rules.md) had its rewrites read and analysed in round 7, so it is tuning data now.

Source (decided up front): the zh_CN message catalogs of the operating system's packages,
every `/usr/share/locale/zh_CN/LC_MESSAGES/*.mo` (Debian 12 as installed on the
development machine: coreutils, apt, glib, gtk, PostgreSQL 15's tools, the iso-codes
names of countries, subdivisions, languages and currencies, ...); msgstr only, plural
forms too. Nothing in the repository read these files before this round (grep for
`/usr/share/locale`). The shared corpus has a single file (the 72 government work
reports), all of which earlier rounds already used as index, tuning or held-out text, so
no held-out slice of it is blind.

Construction: exactly as `blind_set.py` (placeholders, HTML tags and URLs cut out; the
text normalised as the search normalises it; the distinct Han runs of 4-12 characters
and the distinct precise-mode jieba words of 2-6 characters); then every query already
in the round-6 set is dropped (tuning data), and a fixed sample is kept: the queries
ordered by the SHA-1 of their UTF-8 text, the first `SAMPLE` of them (a sample by hash:
nothing about the corrector chooses it). The set is not filtered by what the corrector
does.

`bench/search/quality.py --blind-catalogs` measures it and prints only the count (add
`--show` to print the rewrites, once, at the end of a round); `--write-fixture` writes
it to `gongkai/search/tests/fixtures/blind_catalog_corrections.json`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from blind_set import blind_set, clean, queries  # noqa: F401  (clean: same cleaning)

from gongkai.search.segmentation import Segmenter

CATALOGS = Path("/usr/share/locale/zh_CN/LC_MESSAGES")
SAMPLE = 5000
FIXTURE = (
    Path(__file__).resolve().parents[2]
    / "gongkai"
    / "search"
    / "tests"
    / "fixtures"
    / "blind_catalog_corrections.json"
)


def mo_files() -> list[Path]:
    return sorted(CATALOGS.glob("*.mo"))


def mo_texts(path: Path) -> list[str]:
    import polib

    out: list[str] = []
    for entry in polib.mofile(str(path)):
        if entry.msgstr:
            out.append(entry.msgstr)
        out.extend(text for text in entry.msgstr_plural.values() if text)
    return out


def _key(query: str) -> str:
    return hashlib.sha1(query.encode("utf-8"), usedforsecurity=False).hexdigest()


def catalog_set(segmenter: Segmenter | None = None) -> tuple[list[str], int]:
    """(the sample of distinct queries, how many there were before sampling)."""
    segmenter = segmenter or Segmenter()
    texts = [text for path in mo_files() for text in mo_texts(path)]
    clauses, words = queries(segmenter, texts)
    tuned = {q for found in blind_set(segmenter).values() for q in found}
    pool = [q for q in dict.fromkeys([*clauses, *words]) if q not in tuned]
    return sorted(pool, key=_key)[:SAMPLE], len(pool)


def write_fixture() -> None:
    found, total = catalog_set()
    FIXTURE.write_text(
        json.dumps(
            {
                "source": "bench/search/blind_catalogs.py: the zh_CN .mo catalogs of "
                f"Debian 12's packages ({len(mo_files())} files), {SAMPLE} of "
                f"{total} queries by SHA-1 order",
                "queries": found,
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )


def main() -> int:
    """Counts only (the set stays unread); `--write-fixture` writes the fixture."""
    if "--write-fixture" in sys.argv[1:]:
        write_fixture()
    found, total = catalog_set()
    print(
        f"{len(mo_files())} .mo files; {total} distinct queries not in the round-6 "
        f"set; sample {len(found)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
