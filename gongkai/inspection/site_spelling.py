"""The site's side of the 疑似错别字 check (statistical_spelling.py): its language model,
vocabulary and segmenter, all search's.

- the model is search's stored character model of the indexed pages
  (search.lm_store.get_model: loaded once per process per stored generation, never
  built in a request; none stored yet -> no statistical finding at all);
- the vocabulary is the index's (search.analysis: SearchTerm / SearchTermKey, the
  editors' dictionary), looked up per unknown span and remembered per index generation
  as search remembers it;
- the segmenter is search's (jieba with the editors' dictionary).
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.search import analysis, lm_store

from .spelling import Checker
from .statistical_spelling import Resources, Suspect, find_suspects, model_resources


def site_resources() -> Resources | None:
    """The check's view of the site now, or None while no model is stored."""
    model = lm_store.get_model()
    if model is None:
        return None
    segmenter = analysis.get_segmenter()
    # Remembered for this Resources' life (one request, or one whole site run, where
    # the same navigation and headings come back on every page); search remembers the
    # vocabulary answers per index generation as well, the neighbours it does not.
    counts: dict[str, int] = {}
    near: dict[str, list[str]] = {}

    def vocabulary_count(word: str) -> int:
        # A word of the index vocabulary counts as often as the site writes it; one
        # it never indexed as a word (a slip jieba made a token of) counts 0.
        if word not in counts:
            known = bool(analysis.known_frequencies([word]))
            counts[word] = model.seen_count(word) if known else 0
        return counts[word]

    def neighbours(keys: set[str]) -> dict[str, list[str]]:
        missing = keys - near.keys()
        if missing:
            found = analysis.neighbours(missing)
            near.update({key: found.get(key, []) for key in missing})
        return {key: near[key] for key in keys if near[key]}

    def in_vocabulary(word: str) -> bool:
        return vocabulary_count(word) > 0 or bool(analysis.known_frequencies([word]))

    # The page checked is left out of the model (a published page's slip is in it).
    return model_resources(
        model,
        segmenter,
        vocabulary_count=vocabulary_count,
        neighbours=neighbours,
        in_vocabulary=in_vocabulary,
    )


def protected_terms(checker: Checker) -> set[str]:
    """The terms (and their listed wrong forms) the listed rule owns."""
    return set(checker.correct_of) | set(checker.correct_of.values())


def site_suspects(
    text: str, checker: Checker, resources: Resources | None = None
) -> list[Suspect]:
    """The 疑似错别字 of a page's text; [] while the site has no model."""
    resources = resources or site_resources()
    if resources is None or not text:
        return []
    return find_suspects(text, resources, protected=protected_terms(checker))


def suspect_message(suspect: Suspect) -> str:
    return (
        f"“{suspect.wrong}”疑为“{suspect.correct}”（{suspect.kind}，"
        f"置信度 {suspect.confidence:.2f}）（…{suspect.context}…）"
    )


def distinct(suspects: Iterable[Suspect]) -> list[Suspect]:
    seen: set[tuple[str, str]] = set()
    out = []
    for suspect in suspects:
        if (suspect.wrong, suspect.correct) not in seen:
            seen.add((suspect.wrong, suspect.correct))
            out.append(suspect)
    return out
