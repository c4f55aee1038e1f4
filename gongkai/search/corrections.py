"""Misspelling correction ("您是不是要找") from the index vocabulary.

Pure: no ORM. Precision first: a correct word must never be rewritten (公积金 was
once "corrected" to 公共金). So
- only spans that are not known words are corrected: a jieba token that is neither
  in jieba's dictionary nor in the index vocabulary, or a run of two or more
  single-character tokens that is not a known word (see `unknown_spans`);
- candidates stay inside one span: known words at Hamming distance one of a window
  of the span (every vocabulary word is filed under its wildcard keys, the word with
  one character replaced by *, in `SearchTermKey`: one indexed lookup finds them);
- the replaced character must read like the typed one (same toneless pinyin, or one
  of the fuzzy pairs people confuse: zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing).
  形近字 (攻府 for 政府) are not proposed: measured on held-out text they tripled the
  false corrections (bench/search/quality.py);
- a language model of the site's own indexed text decides (language_model.py, a
  Kneser-Ney character trigram built by lm_store.py): a candidate is proposed only
  when it makes the text, with two characters of context each side, at least
  e^MIN_LOG_RATIO times likelier than the text as typed (e^MIN_LOG_RATIO_ALONE for
  a span typed alone: no neighbour to judge it by). It replaced a seen/unseen
  character-pair test that could not tell a rare right string (两党, 共开) from a
  slip: on held-out text the false corrections went from 39 to 6 of 19,406
  (docs/benchmarks/search-quality.md);
- a candidate that reads like the typed character only through a fuzzy pair (凡/方)
  needs FUZZY_MARGIN more than a true homophone (正/政);
- general language has a say too (round 7): jieba's word frequencies as a unigram
  model (segmentation.Segmenter.general_log_ratio); when it prefers the candidate only
  weakly, the site model's gain must be larger (GENERAL_FLOOR, GENERAL_WEIGHT): a
  right phrase of another register (的值有, 从大到小) is as improbable to a model of the
  site's text as a slip is, but not to general Chinese;
- several spans may be corrected, each independently.
The caller proposes a correction only when the query as typed finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

MIN_WINDOW = 2
MAX_WINDOW = 8
CONTEXT = 2  # characters each side a candidate is judged with (a trigram's reach)
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def wildcard_keys(word: str) -> list[str]:
    return [word[:i] + "*" + word[i + 1 :] for i in range(len(word))]


def windows(text: str) -> list[str]:
    """Substrings of 2..8 characters, longest first, left to right."""
    return [
        text[start : start + length]
        for length in range(min(len(text), MAX_WINDOW), MIN_WINDOW - 1, -1)
        for start in range(len(text) - length + 1)
    ]


@lru_cache(maxsize=20_000)
def fuzzy_reading(character: str) -> str:
    """The toneless pinyin of a character with the fuzzy pairs folded (zh → z ...)."""
    from pypinyin import lazy_pinyin

    syllable = (
        "".join(lazy_pinyin(character, errors="ignore"))
        .replace("ü", "u")
        .replace("v", "u")
    )
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


def sounds_alike(a: str, b: str) -> bool:
    return bool(fuzzy_reading(a)) and fuzzy_reading(a) == fuzzy_reading(b)


def _is_han(text: str) -> bool:
    return bool(_HAN.match(text))


def unknown_spans(
    tokens: Sequence[str], is_known: Callable[[str], bool]
) -> list[tuple[str, bool]]:
    """(span, made up by jieba) for the parts of a segmented query that are not known
    words: an unknown multi-character Han token, or a run of >= 2 single Han
    characters whose joined text is not known (中区 cut 中 / 区)."""
    out: list[tuple[str, bool]] = []
    run: list[str] = []

    def flush() -> None:
        joined = "".join(run)
        if len(joined) >= MIN_WINDOW and not is_known(joined):
            out.append((joined, False))
        run.clear()

    for token in tokens:
        if len(token) == 1 and _is_han(token):
            run.append(token)
            continue
        flush()
        if len(token) >= MIN_WINDOW and _is_han(token) and not is_known(token):
            out.append((token, True))
    flush()
    return out


# Thresholds on log P(candidate) - log P(typed) under the site's character model
# (language_model.py), chosen on the tuning split of bench/search/quality.py: a
# correction must make the text about e^T times likelier. A run of single characters
# (每个都是词: 也不搞, 我想) is more often a rare right phrase than a made-up token,
# so it needs more.
MIN_LOG_RATIO = 6.0
MIN_LOG_RATIO_RUN = 6.0
# A span typed alone (the whole query) has no neighbour to judge it by: only its own
# one or two pairs speak, and a rare right word (疫后, 禁入) loses to a common one.
MIN_LOG_RATIO_ALONE = 8.0
# Added to the threshold when the two characters read alike only through a fuzzy
# pair (凡/方, 讲/减, 则/者), not the same toneless pinyin: a pinyin input method
# offers a homophone in the same candidate list, a fuzzy one needs other keys, so a
# fuzzy slip is the rarer one (a noisy channel's smaller P(typed | meant)). Chosen on
# the five tuning folds: 31 -> 24 rewrites of ~80,000 correct queries, homophone
# recall unchanged; the price is paid by fuzzy slips (bench/search/quality.py
# --fuzzy): restored in titles 0.910 -> 0.858, typed alone 0.525 -> 0.326.
FUZZY_MARGIN = 3.0
# A second opinion from general language: jieba's word unigram model (its dictionary
# frequencies, Segmenter.general_log_ratio). The site's model is trained on the site's
# own text only, so a correct phrase of another register (的值有, 从大到小 in software
# text; 执守, 扶智 in policy prose) looks as improbable to it as a slip does. The margin
# a candidate needs grows with the typed text's general-language evidence: by
# GENERAL_WEIGHT for each unit of log ratio by which the general model's preference
# for the candidate falls short of GENERAL_FLOOR (a slip such as 正府 → 政府 is
# preferred by ~8: nothing is added; 值有 → 只有 by ~5, so it needs 2 more). Chosen
# on tuning data only (the held-out reports and the round-6 blind set, whose rewrites
# were read; bench/search/quality.py --blind --sweep "6:6:8:3:G0:GW"): 7:1 took the
# false corrections there from 10 to 3 for ~0.01 of title recall; a weight of 2 or a
# floor of 8 cost twice that.
GENERAL_FLOOR = 7.0
GENERAL_WEIGHT = 1.0
# The same for a span typed alone (the whole query), which has no neighbour the site
# model could judge it by: (floor, weight).
GENERAL_ALONE = (GENERAL_FLOOR, GENERAL_WEIGHT)


@lru_cache(maxsize=20_000)
def _reading(character: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(character, errors="ignore"))


def reads_exactly_alike(a: str, b: str) -> bool:
    """Same toneless pinyin, without the fuzzy pairs (现/险, not 凡/方)."""
    return _reading(a) == _reading(b)


def _general_margin(
    span: str,
    fixed: str,
    general_log_ratio: Callable[[str, str], float],
    general: tuple[float, float],
) -> float:
    """What the candidate needs beyond the threshold for the general model's weak
    preference (see GENERAL_FLOOR); asked only once the site model agrees."""
    floor, weight = general
    if not weight:
        return 0.0
    return weight * max(0.0, floor - general_log_ratio(span, fixed))


def correct_span(
    span: str,
    *,
    frequencies: Mapping[str, int],
    neighbours: Mapping[str, Sequence[str]],
    log_ratio: Callable[[str, str], float],
    context: tuple[str, str] = ("", ""),
    threshold: float = MIN_LOG_RATIO,
    fuzzy_margin: float = FUZZY_MARGIN,
    general_log_ratio: Callable[[str, str], float] | None = None,
    general: tuple[float, float] = (GENERAL_FLOOR, GENERAL_WEIGHT),
) -> str:
    """The span with its best window replaced by a known word one character away
    that reads alike, or "" when no candidate makes the text (with its context)
    at least e^threshold times likelier under the language model (`log_ratio(typed,
    fixed)`). The likeliest candidate wins."""
    best: tuple[tuple[float, int, int], str] | None = None
    for window in windows(span):
        if window in frequencies:
            continue
        start = span.index(window)
        for position, key in enumerate(wildcard_keys(window)):
            for word in neighbours.get(key, ()):
                if word == window or len(word) != len(window):
                    continue
                if not sounds_alike(window[position], word[position]):
                    continue
                fixed = span[:start] + word + span[start + len(window) :]
                needed = threshold
                if not reads_exactly_alike(window[position], word[position]):
                    needed += fuzzy_margin
                gain = log_ratio(
                    context[0] + span + context[1], context[0] + fixed + context[1]
                )
                if gain < needed or (
                    general_log_ratio is not None
                    and gain
                    < needed + _general_margin(span, fixed, general_log_ratio, general)
                ):
                    continue
                rank = (gain, len(word), frequencies.get(word, 0))
                if best is None or rank > best[0]:
                    best = (rank, fixed)
    return "" if best is None else best[1]


def span_lookups(spans: Iterable[str]) -> tuple[set[str], set[str]]:
    """The windows and wildcard keys `correct_span` reads for these spans."""
    all_windows = {w for span in spans for w in windows(span)}
    return all_windows, {key for w in all_windows for key in wildcard_keys(w)}


def correct(
    text: str,
    *,
    tokens: Sequence[str],
    is_known: Callable[[str], bool],
    frequencies: Mapping[str, int],
    neighbours: Mapping[str, Sequence[str]],
    log_ratio: Callable[[str, str], float],
    threshold: float = MIN_LOG_RATIO,
    run_threshold: float = MIN_LOG_RATIO_RUN,
    alone_threshold: float = MIN_LOG_RATIO_ALONE,
    fuzzy_margin: float = FUZZY_MARGIN,
    general_log_ratio: Callable[[str, str], float] | None = None,
    general: tuple[float, float] = (GENERAL_FLOOR, GENERAL_WEIGHT),
    general_alone: tuple[float, float] = GENERAL_ALONE,
) -> str:
    """The text with each unknown span corrected, or "" when nothing changed.

    `tokens`: the query's precise-mode jieba tokens; `is_known`: whether a word is in
    the dictionary or the index vocabulary; `frequencies`: known words among the
    windows and candidates; `neighbours`: wildcard key → known words; `log_ratio`:
    the language model's log P(fixed) - log P(typed) (language_model.CharModel)."""
    out, changed = text, False
    for span, made_up in unknown_spans(tokens, is_known):
        at = text.find(span)
        context = (
            text[max(0, at - CONTEXT) : at],
            text[at + len(span) : at + len(span) + CONTEXT],
        )
        fixed = correct_span(
            span,
            frequencies=frequencies,
            neighbours=neighbours,
            log_ratio=log_ratio,
            context=context,
            threshold=(
                alone_threshold
                if not any(context)
                else threshold
                if made_up
                else run_threshold
            ),
            fuzzy_margin=fuzzy_margin,
            general_log_ratio=general_log_ratio,
            general=general if any(context) else general_alone,
        )
        if fixed and fixed != span:
            out, changed = out.replace(span, fixed, 1), True
    return out if changed else ""


def changed_parts(typed: str, corrected: str) -> list[tuple[str, bool]]:
    """The corrected text in parts, each marked whether the correction changed it
    (正府信息 → 政府信息: [("政", True), ("府信息", False)]), for showing what was
    changed. A correction replaces characters one for one; texts of unequal length
    (never produced here) come back as one changed part."""
    if len(typed) != len(corrected):
        return [(corrected, True)] if corrected else []
    parts: list[tuple[str, bool]] = []
    for a, b in zip(typed, corrected, strict=True):
        changed = a != b
        if parts and parts[-1][1] == changed:
            parts[-1] = (parts[-1][0] + b, changed)
        else:
            parts.append((b, changed))
    return parts
