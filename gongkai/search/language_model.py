"""A character language model of the site's own indexed text, for misspelling
correction (issue #14): interpolated Kneser-Ney, order 2 or 3.

Pure: no ORM (the database side is `lm_store.py`). Written here rather than taken from
a package because kenlm needs a compiled binary and a build step outside pip, and
nltk's `KneserNeyInterpolated` scores one n-gram at a time through Python objects
(measured far slower to build on a million characters); the model needed is small:
counts in dicts and the textbook recursion.

Why a language model: the seen/unseen character pair test it replaces could not tell a
rare but right string (两党, 共开: each pair unseen) from a slip (保现). A smoothed model
gives both a probability, and a correction is proposed only where the typed text is
*far* less probable than the candidate (`log_ratio` above a threshold, chosen on the
tuning split of bench/search/quality.py).

Text is taken as runs of Han characters (normalised as the index normalises): a
character is predicted from at most `order - 1` characters before it in its run.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

DISCOUNT = 0.75  # the usual Kneser-Ney absolute discount
# Bumped when the stored form changes: a stored model of another format is not loaded.
FORMAT = 1
_COUNTERS = (
    "_top",
    "_top_history",
    "_top_types",
    "_cont",
    "_cont_history",
    "_cont_types",
)
_NUMBERS = ("characters", "_unigram_total", "_vocabulary", "_alphabet")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def han_runs(text: str) -> list[str]:
    return _HAN_RUN.findall(text)


class CharModel:
    """Interpolated Kneser-Ney over characters.

    Highest order: P(w | h) = max(c(hw) - D, 0) / c(h·) + D·N1+(h·) / c(h·) · P_lower(w | h')
    lower orders use continuation counts (how many distinct characters precede), and
    the unigram is interpolated with a uniform share for characters never seen.
    """

    def __init__(self, order: int = 2, discount: float = DISCOUNT) -> None:
        if order not in (2, 3):
            raise ValueError("order must be 2 or 3")
        self.order = order
        self.discount = discount
        self.characters = 0  # text size the model was built from
        # Highest order: counts of n-grams and of their histories.
        self._top: Counter[str] = Counter()
        self._top_history: Counter[str] = Counter()
        self._top_types: Counter[str] = Counter()  # N1+(h·)
        # Continuation counts for the lower orders, keyed by the n-gram.
        self._cont: Counter[str] = Counter()  # N1+(·g) for |g| < order
        self._cont_history: Counter[str] = Counter()  # sum_w N1+(·hw)
        self._cont_types: Counter[str] = Counter()  # distinct w with N1+(·hw) > 0
        self._unigram_total = 0  # N1+(··): distinct bigram types
        self._vocabulary = 0  # characters with a continuation count
        self._alphabet = 0  # characters seen at all

    @classmethod
    def from_texts(cls, texts: Iterable[str], order: int = 2) -> CharModel:
        model = cls(order)
        grams: Counter[str] = Counter()
        seen: set[str] = set()
        for text in texts:
            for run in han_runs(text):
                model.characters += len(run)
                seen.update(run)
                for i in range(order - 1, len(run)):
                    grams[run[i - order + 1 : i + 1]] += 1
        model._fit(grams)
        # The uniform share goes to every character seen (one that only ever begins
        # a run has no continuation count) plus one slot for the unseen.
        model._alphabet = len(seen)
        return model

    def _fit(self, grams: Counter[str]) -> None:
        # Highest-order n-grams only: a character with a shorter history (the start
        # of a run) is predicted by the lower orders, as in the textbook model.
        lower_types: dict[str, set[str]] = defaultdict(set)
        for gram, count in grams.items():
            self._top[gram] = count
            history = gram[:-1]
            self._top_history[history] += count
            self._top_types[history] += 1
            lower_types[gram[1:]].add(gram[0])
        # Continuation counts, from the top order down to unigrams.
        level = {g: len(left) for g, left in lower_types.items()}
        while level:
            shorter: dict[str, set[str]] = defaultdict(set)
            for gram, n in level.items():
                self._cont[gram] = n
                history = gram[:-1]
                self._cont_history[history] += n
                self._cont_types[history] += 1
                if len(gram) > 1:
                    shorter[gram[1:]].add(gram[0])
            level = {g: len(left) for g, left in shorter.items() if g not in self._cont}
        self._unigram_total = self._cont_history[""]
        self._vocabulary = self._cont_types[""]

    def to_bytes(self) -> bytes:
        """The fitted model as compressed JSON (lm_store keeps it in the database).

        JSON, not pickle or marshal: the bytes come back from a database row, and
        loading them must never run code or trust a crafted structure; on the demo
        index (27,000 trigrams) it loads in ~0.2 s, marshal in ~0.1 s."""
        state: dict[str, Any] = {
            "format": FORMAT,
            "order": self.order,
            "discount": self.discount,
        }
        state.update({name: getattr(self, name) for name in _NUMBERS})
        state.update({name: dict(getattr(self, name)) for name in _COUNTERS})
        return zlib.compress(json.dumps(state, ensure_ascii=False).encode(), 1)

    @classmethod
    def from_bytes(cls, data: bytes) -> CharModel:
        """The model `to_bytes` stored; ValueError for anything else."""
        try:
            state = json.loads(zlib.decompress(data))
        except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError("not a stored character model") from exc
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            raise ValueError("not a stored character model of this format")
        try:
            model = cls(int(state["order"]), float(state["discount"]))
            for name in _NUMBERS:
                setattr(model, name, int(state[name]))
            for name in _COUNTERS:
                counts = state[name]
                if not isinstance(counts, dict):
                    raise ValueError(name)
                setattr(model, name, Counter(counts))
        except (KeyError, TypeError) as exc:
            raise ValueError("a stored character model with missing parts") from exc
        return model

    def _lower(self, gram: str, without: LeftOut | None = None) -> float:
        """P_KN of the last character of `gram` given the rest, continuation counts."""
        if len(gram) == 1:
            seen = self._cont.get(gram, 0)
            total = self._unigram_total
            if total == 0:
                return 1e-6
            # The discounted mass, spread evenly over the alphabet plus one slot for
            # the unseen: a character never indexed keeps a small probability.
            share = self.discount * self._vocabulary / total
            return max(seen - self.discount, 0) / total + share / (self._alphabet + 1)
        history = gram[:-1]
        total = self._cont_history.get(history, 0)
        seen = self._cont.get(gram, 0)
        types = self._cont_types.get(history, 0)
        if without is not None:
            total -= without.cont_history.get(history, 0)
            seen -= without.cont.get(gram, 0)
            types -= without.cont_types.get(history, 0)
        if total <= 0:
            return self._lower(gram[1:], without)
        weight = self.discount * types / total
        return max(seen - self.discount, 0) / total + weight * self._lower(
            gram[1:], without
        )

    def probability(self, gram: str, without: LeftOut | None = None) -> float:
        """P(last character | the characters before it in `gram`); `without`: as if
        the model had not seen that text (see LeftOut)."""
        gram = gram[-self.order :]
        if len(gram) < self.order:
            return self._lower(gram, without)
        history = gram[:-1]
        total = self._top_history.get(history, 0)
        seen = self._top.get(gram, 0)
        types = self._top_types.get(history, 0)
        if without is not None:
            total -= without.top_history.get(history, 0)
            seen -= without.top.get(gram, 0)
            types -= without.top_types.get(history, 0)
        if total <= 0:
            return self._lower(gram[1:], without)
        weight = self.discount * types / total
        return max(seen - self.discount, 0) / total + weight * self._lower(
            gram[1:], without
        )

    def log_probability(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        without: LeftOut | None = None,
    ) -> float:
        """The natural log probability of the characters text[start:end], each given
        up to `order - 1` characters before it (inside `text`)."""
        end = len(text) if end is None else end
        return sum(
            math.log(
                self.probability(text[max(0, i - self.order + 1) : i + 1], without)
            )
            for i in range(start, end)
        )

    def seen_count(self, text: str, without: LeftOut | None = None) -> int:
        """About how often the Han string `text` (2+ characters) occurs in the text the
        model was built from: the count of its rarest top-order n-gram, or for a
        string shorter than the order, of its occurrences as a history (a string
        ending a run is not counted there, so this is a lower bound). 0 when unseen.
        Used by inspection's 疑似错别字 check: a word the site writes often is its own."""
        if len(text) < 2:
            return 0
        if len(text) < self.order:
            left = without.top_history.get(text, 0) if without is not None else 0
            return int(self._top_history.get(text, 0)) - left
        return min(
            int(self._top.get(gram, 0))
            - (without.top.get(gram, 0) if without is not None else 0)
            for gram in (
                text[i : i + self.order] for i in range(len(text) - self.order + 1)
            )
        )

    def log_ratio(
        self, typed: str, fixed: str, without: LeftOut | None = None
    ) -> float:
        """log P(fixed) - log P(typed) over the characters whose prediction the
        substitution changes (texts of equal length, differing in some positions)."""
        if len(typed) != len(fixed):
            raise ValueError("a substitution keeps the length")
        changed = [
            i for i, (a, b) in enumerate(zip(typed, fixed, strict=True)) if a != b
        ]
        if not changed:
            return 0.0
        start = changed[0]
        end = min(len(typed), changed[-1] + self.order)
        return self.log_probability(fixed, start, end, without) - self.log_probability(
            typed, start, end, without
        )


class LeftOut:
    """The counts one text (a page) added to a model, to judge that text as if the model
    had not seen it (leave-one-out): inspection's 疑似错别字 check reads a published page
    whose slip the site's model holds once. The highest order is left out exactly; of
    the continuation counts, the next order down (a trigram model's character pairs);
    the unigram level is kept (one page moves it little). Counts are never left below
    zero: a text the model never saw leaves nothing out."""

    def __init__(self, model: CharModel, text: str) -> None:
        own: Counter[str] = Counter()
        for run in han_runs(text):
            for i in range(model.order - 1, len(run)):
                own[run[i - model.order + 1 : i + 1]] += 1
        self.top: Counter[str] = Counter()
        self.top_history: Counter[str] = Counter()
        self.top_types: Counter[str] = Counter()
        self.cont: Counter[str] = Counter()
        self.cont_history: Counter[str] = Counter()
        self.cont_types: Counter[str] = Counter()
        for gram, count in own.items():
            stored = model._top.get(gram, 0)
            left = min(count, stored)
            if not left:
                continue
            self.top[gram] = left
            self.top_history[gram[:-1]] += left
            if (
                left == stored
            ):  # the n-gram is gone: one type less, one left context less
                self.top_types[gram[:-1]] += 1
                if model.order > 2:
                    self.cont[gram[1:]] += 1
        for gram, left in self.cont.items():
            self.cont_history[gram[:-1]] += left
            if left >= model._cont.get(gram, 0):
                self.cont_types[gram[:-1]] += 1
