"""疑似错别字: a statistical check with a language model of the site's own text (issue #17).

Pure: no ORM (the site's model, vocabulary and segmenter are put together by
site_spelling.py; bench/inspection/bench_statistical_spelling.py builds them from the
work reports). The parts are search's, not copies: the character model
(search.language_model, Kneser-Ney trigram), the unknown-span rule and the pinyin
confusions (search.corrections). Inspection sits above search in docs/architecture.md,
so it imports them directly.

For each run of Han characters:
1. it is cut into words (jieba, precise mode); the spans that are not known words are
   the candidates (`corrections.unknown_spans`: an unknown token, or a run of single
   characters whose joined text is unknown). A word is known when jieba's dictionary
   or the editors' dictionary holds it, or the site's text holds it MIN_SEEN times or
   more (`CharModel.seen_count`): a word of the site's vocabulary is never flagged,
   while a slip written once does not protect itself;
2. in each candidate, a window of 2-8 characters may be replaced by a word the site
   uses (at least MIN_CANDIDATE_SEEN times) one character away, when that character is
   a confusion of the typed one: the same toneless pinyin (同音), a fuzzy pair of an
   input method (近音: zh/z, n/l, an/ang …), or a listed pair of similar shapes
   (形近, SHAPE_ALIKE);
3. the replacement is a suspect when the model finds the run with it at least e^T times
   likelier than as typed (T per kind of confusion, `Thresholds`, tuned on the tuning
   half of the work reports only: docs/benchmarks/inspection.md);
4. spans on or inside a protected term (spelling.PROTECTED_TERMS and an organisation's
   own terms) are left to the listed rule: never a statistical finding there.

The confidence shown is the model's odds between the two readings as a probability,
P(corrected) / (P(corrected) + P(typed)) = sigmoid(gain): it orders the findings; it is
not the chance that a finding is right (that is the precision measured in the bench:
docs/benchmarks/inspection.md).
Statistical findings are warnings: they never block 终审 (see editor.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from gongkai.search.corrections import (
    reads_exactly_alike,
    sounds_alike,
    unknown_spans,
    wildcard_keys,
    windows,
)
from gongkai.search.language_model import CharModel, LeftOut
from gongkai.search.normalisation import normalise
from gongkai.search.segmentation import Segmenter, is_han

from .spelling import PROTECTED_TERMS

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Pairs of characters of similar shape that are confused in typing by shape-based input
# methods (五笔) and in OCR of scanned documents. A short hand-made list: no package on
# the registries the project uses gives a shape table without models or downloads.
# Homophones among them are judged as 同音 (the smaller threshold).
SHAPE_ALIKE_PAIRS = (
    "己已 已巳 己巳 未末 戊戌 戌戍 戊戍 拨拔 侯候 崇祟 贷货 撤撒 辨辩 辩辫 析折 拆折 "
    "姆拇 栗粟 汩汨 免兔 冶治 壁璧 卯卵 刺剌 茶荼 徒徙 赢嬴 赢羸 市巿 人入 入八 大太 "
    "太犬 土士 干千 千于 于干 王玉 日曰 晴睛 管菅 享亨 密蜜 贫贪 徇殉 券卷 栽裁 裁载 "
    "持特 侍待 间问 衷哀 哀衰 盲肓 师帅 住往 代伐 令今 历厉 仑仓 准淮 汗汁 杆竿 "
    "延廷 候堠 设没 设投 没役 复夏 幸辛 拟似 限恨 根跟 很狠 状壮 洒酒 泊柏 "
    "部陪 倍陪 借措 措错 惜错 特待 期斯 基墓 账帐 侯喉 训讯 讯迅 迅汛 峰锋 锋蜂 "
    "峰蜂 缝逢 绩积 积级 续读 读渎 赎读 练炼 炼拣 练拣 编遍 遍偏 偏篇 篇编"
)
SHAPE_ALIKE: frozenset[tuple[str, str]] = frozenset(
    pair
    for two in SHAPE_ALIKE_PAIRS.split()
    for pair in ((two[0], two[1]), (two[1], two[0]))
)

MIN_SEEN = 3  # a word the site writes this often is its own vocabulary
MIN_CANDIDATE_SEEN = 3  # a correction must be a word the site uses
CONTEXT = 4  # characters each side shown with a finding
REACH = 2  # characters a window may take from the known words beside a span


@dataclass(frozen=True)
class Thresholds:
    """Least log P(corrected) - log P(typed) per kind of confusion (see module doc)."""

    homophone: float = 4.0  # 同音
    fuzzy: float = 6.0  # 近音: a fuzzy pinyin pair needs more keys to mistype
    shape: float = 6.0  # 形近
    # Added for a span that is a run of single characters (是|用, 地|去): more often a
    # rare right phrase than a slip, which jieba usually makes one unknown token of.
    single_run: float = 4.0


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Suspect:
    wrong: str  # the window as typed
    correct: str  # the proposed word
    offset: int  # of `wrong` in the checked text
    kind: str  # 同音 / 近音 / 形近
    single_run: bool  # found in a run of single characters, not an unknown token
    gain: float  # log P(correct) - log P(wrong) in context
    confidence: float
    context: str


@dataclass(frozen=True)
class Resources:
    """What the check reads of the site: all callables, so the site's (ORM) and the
    bench's (in memory) versions share this module."""

    segment: Callable[[str], list[str]]  # a Han run -> its precise-mode words
    in_dictionary: Callable[[str], bool]  # the editors' (and jieba's) dictionary
    # How often the site writes the word: 0 unless it is a word of the site's index
    # vocabulary, else its occurrences in the site's text (CharModel.seen_count).
    vocabulary_count: Callable[[str], int]
    neighbours: Callable[[set[str]], Mapping[str, Sequence[str]]]  # key -> words
    log_ratio: Callable[[str, str], float]  # the model's log P(fixed) - log P(typed)
    normalise: Callable[[str], str] = lambda text: text
    # The resources for one page's text with that text left out of the model and the
    # counts (language_model.LeftOut): a published page's slip is in the site's model
    # once, and must not vouch for itself. None: the resources as they are.
    page_view: Callable[[str], Resources] | None = None


def model_resources(
    model: CharModel,
    segmenter: Segmenter,
    *,
    vocabulary_count: Callable[[str], int],
    neighbours: Callable[[set[str]], Mapping[str, Sequence[str]]],
    in_vocabulary: Callable[[str], bool],
) -> Resources:
    """The check's resources for a site whose model is `model`, with the page checked
    left out of it (`page_view`); the site's (site_spelling) and the in-memory ones
    differ only in how they look words up."""
    resources = Resources(
        segment=segmenter.query_words,
        in_dictionary=segmenter.has_word,
        vocabulary_count=vocabulary_count,
        neighbours=neighbours,
        log_ratio=model.log_ratio,
        normalise=normalise,
    )

    def view(text: str) -> Resources:
        without = LeftOut(model, resources.normalise(text))
        return replace(
            resources,
            log_ratio=lambda typed, fixed: model.log_ratio(typed, fixed, without),
            vocabulary_count=lambda word: (
                model.seen_count(word, without) if in_vocabulary(word) else 0
            ),
            page_view=None,
        )

    return replace(resources, page_view=view)


def memory_resources(
    texts: Iterable[str], segmenter: Segmenter | None = None, order: int = 3
) -> tuple[Resources, CharModel]:
    """Resources built in memory from `texts` as the site builds them from its indexed
    pages (search.lm_store: the model of the normalised text; search.indexing: the
    vocabulary of jieba's search-mode words of 2-8 Han characters): the bench's and
    the tests' site."""
    segmenter = segmenter or Segmenter()
    normalised = [normalise(text) for text in texts]
    model = CharModel.from_texts(normalised, order=order)
    vocabulary = {
        word
        for text in normalised
        for word in segmenter.index_words(text)
        if 2 <= len(word) <= 8 and is_han(word)
    }
    by_key: dict[str, list[str]] = {}
    for word in vocabulary:
        for key in wildcard_keys(word):
            by_key.setdefault(key, []).append(word)

    def vocabulary_count(word: str) -> int:
        return model.seen_count(word) if word in vocabulary else 0

    def neighbours(keys: set[str]) -> dict[str, list[str]]:
        return {key: by_key[key] for key in keys if key in by_key}

    resources = model_resources(
        model,
        segmenter,
        vocabulary_count=vocabulary_count,
        neighbours=neighbours,
        in_vocabulary=vocabulary.__contains__,
    )
    return resources, model


def confidence_of(gain: float) -> float:
    return 1.0 / (1.0 + math.exp(-gain))


def confusion_kind(typed: str, meant: str) -> str | None:
    if reads_exactly_alike(typed, meant):
        return "同音"
    if sounds_alike(typed, meant):
        return "近音"
    if (typed, meant) in SHAPE_ALIKE:
        return "形近"
    return None


def _protected_ranges(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    ranges = []
    for term in terms:
        start = text.find(term)
        while start >= 0:
            ranges.append((start, start + len(term)))
            start = text.find(term, start + 1)
    return ranges


def find_suspects(
    text: str,
    resources: Resources,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    protected: Iterable[str] = (),
) -> list[Suspect]:
    """The 疑似错别字 of `text`, in reading order, at most one per unknown span."""
    if resources.page_view is not None:
        resources = resources.page_view(text)
    guarded = _protected_ranges(
        text,
        [
            *PROTECTED_TERMS,
            *(wrong for wrongs in PROTECTED_TERMS.values() for wrong in wrongs),
            *(term for term in protected if term),
        ],
    )

    def is_known(word: str) -> bool:
        return (
            resources.in_dictionary(word)
            or resources.vocabulary_count(word) >= MIN_SEEN
        )

    found: list[Suspect] = []
    for match in _HAN_RUN.finditer(text):
        run = match.group()
        if len(run) < 2 or resources.normalise(run) != run:
            # Traditional characters (or variants the index folds): the model is of
            # the site's simplified text and would "correct" the script itself.
            continue
        cursor = 0
        for span, made_up in unknown_spans(resources.segment(run), is_known):
            at = run.find(span, cursor)
            if at < 0:
                continue
            cursor = at + len(span)
            suspect = _best_in_span(
                run, at, span, resources, thresholds, is_known, not made_up
            )
            if suspect is None:
                continue
            start = match.start() + suspect.offset
            end = start + len(suspect.wrong)
            if any(start < stop and begin < end for begin, stop in guarded):
                continue
            found.append(
                Suspect(
                    text[start:end],
                    suspect.correct,
                    start,
                    suspect.kind,
                    suspect.single_run,
                    suspect.gain,
                    suspect.confidence,
                    text[max(0, start - CONTEXT) : end + CONTEXT].replace("\n", " "),
                )
            )
    return found


def _best_in_span(
    run: str,
    at: int,
    span: str,
    resources: Resources,
    thresholds: Thresholds,
    is_known: Callable[[str], bool],
    single_run: bool,
) -> Suspect | None:
    """The likeliest replacement of a window around `span` (at `at` in `run`) above
    its kind's threshold; offset relative to `run`. A window may reach REACH characters
    into the known words beside the span (公有|值为 -> 公有制), but the replaced
    character is one of the span's, and a window that is itself a known word is never
    replaced."""
    begin = max(0, at - REACH)
    region = run[begin : at + len(span) + REACH]
    lo, hi = at - begin, at - begin + len(span)  # the span inside the region
    candidate_windows = {
        (start, window)
        for window in windows(region)
        for start in _starts(region, window)
        if start < hi and start + len(window) > lo and not is_known(window)
    }
    keys = {key for _start, w in candidate_windows for key in wildcard_keys(w)}
    near = resources.neighbours(keys)
    extra = thresholds.single_run if single_run else 0.0
    needed = {
        "同音": thresholds.homophone + extra,
        "近音": thresholds.fuzzy + extra,
        "形近": thresholds.shape + extra,
    }
    best: Suspect | None = None
    for start, window in sorted(candidate_windows):
        for position, key in enumerate(wildcard_keys(window)):
            if not lo <= start + position < hi:
                continue
            for word in near.get(key, ()):
                if word == window or len(word) != len(window):
                    continue
                kind = confusion_kind(window[position], word[position])
                if kind is None:
                    continue
                if resources.vocabulary_count(word) < MIN_CANDIDATE_SEEN:
                    continue
                offset = begin + start
                fixed = run[:offset] + word + run[offset + len(window) :]
                gain = resources.log_ratio(run, fixed)
                if gain < needed[kind]:
                    continue
                # Ties (the same text fixed through a longer window) go to the
                # longer word: the whole word is the clearer correction.
                if best is None or (gain, len(word)) > (best.gain, len(best.correct)):
                    best = Suspect(
                        window,
                        word,
                        offset,
                        kind,
                        single_run,
                        gain,
                        confidence_of(gain),
                        "",
                    )
    return best


def _starts(text: str, part: str) -> list[int]:
    starts = []
    at = text.find(part)
    while at >= 0:
        starts.append(at)
        at = text.find(part, at + 1)
    return starts
