"""corrections.py's building blocks alone (pure); the whole corrector is in
test_corrections.py."""

from collections.abc import Callable

from django.test import SimpleTestCase

from gongkai.search.corrections import (
    FUZZY_MARGIN,
    GENERAL_FLOOR,
    GENERAL_WEIGHT,
    MAX_WINDOW,
    MIN_LOG_RATIO,
    correct_span,
    fuzzy_reading,
    span_lookups,
    windows,
)

# A stand-in for the language model's log P(fixed) - log P(typed): how much likelier
# each fixed text is than what was typed (language_model.py is tested on its own).
GAINS = {"政府": 9.0, "证府": 7.0, "政府信": 9.0, "社政府": 9.0}


def log_ratio(typed: str, fixed: str) -> float:
    return GAINS.get(fixed, 0.0)


class WindowTests(SimpleTestCase):
    def test_longest_first_then_left_to_right(self):
        self.assertEqual(windows("abcd"), ["abcd", "abc", "bcd", "ab", "bc", "cd"])

    def test_one_character_has_no_window(self):
        self.assertEqual(windows("a"), [])

    def test_windows_are_at_most_max_window_long(self):
        found = windows("x" * 10)
        self.assertEqual(len(found[0]), MAX_WINDOW)
        self.assertEqual(len(found), 3 + 4 + 5 + 6 + 7 + 8 + 9)  # lengths 8..2


class LookupTests(SimpleTestCase):
    def test_span_lookups_are_the_windows_and_their_wildcard_keys(self):
        self.assertEqual(span_lookups(["正府"]), ({"正府"}, {"*府", "正*"}))
        found_windows, keys = span_lookups(["abc"])
        self.assertEqual(found_windows, {"abc", "ab", "bc"})
        self.assertIn("a*c", keys)
        self.assertIn("*c", keys)


class FuzzyReadingTests(SimpleTestCase):
    def test_the_fuzzy_pairs_fold_together(self):
        self.assertEqual(fuzzy_reading("张"), fuzzy_reading("脏"))  # zh/z, ang/an
        self.assertEqual(fuzzy_reading("年"), fuzzy_reading("连"))  # n/l
        self.assertEqual(fuzzy_reading("星"), fuzzy_reading("新"))  # ing/in

    def test_u_umlaut_reads_u_and_non_han_reads_nothing(self):
        self.assertEqual(fuzzy_reading("绿"), "lu")
        self.assertEqual(fuzzy_reading("a"), "")


class CorrectSpanTests(SimpleTestCase):
    def fix(self, span: str, **kwargs: object) -> str:
        options: dict = {
            "frequencies": {"政府": 5},
            "neighbours": {"*府": ["政府"]},
            "log_ratio": log_ratio,
            **kwargs,
        }
        return correct_span(span, **options)

    def test_a_homophone_one_character_away_replaces_the_window(self):
        self.assertEqual(self.fix("正府"), "政府")
        self.assertEqual(self.fix("正府信"), "政府信")

    def test_a_known_window_is_never_replaced(self):
        self.assertEqual(self.fix("正府", frequencies={"政府": 5, "正府": 1}), "")

    def test_a_candidate_below_the_threshold_is_no_correction(self):
        self.assertEqual(self.fix("正府", log_ratio=lambda typed, fixed: 5.9), "")
        self.assertEqual(self.fix("正府", threshold=9.5), "")

    def test_a_fuzzy_pair_needs_more_evidence_than_a_homophone(self):
        """真/政 read alike only through en/eng: the same gain that corrects 正府
        (zheng/zheng) leaves 真府 alone; a gain above the fuzzy margin corrects it."""
        neighbours = {"*府": ["政府"]}
        gain = MIN_LOG_RATIO + FUZZY_MARGIN / 2

        def ratio(typed: str, fixed: str) -> float:
            return gain

        self.assertEqual(self.fix("正府", log_ratio=ratio), "政府")
        self.assertEqual(self.fix("真府", neighbours=neighbours, log_ratio=ratio), "")
        self.assertEqual(
            self.fix(
                "真府",
                neighbours=neighbours,
                log_ratio=lambda t, f: gain + FUZZY_MARGIN,
            ),
            "政府",
        )
        # With no margin (as before round 6) the fuzzy slip was corrected.
        self.assertEqual(
            self.fix("真府", neighbours=neighbours, log_ratio=ratio, fuzzy_margin=0.0),
            "政府",
        )

    def test_a_character_that_does_not_read_alike_is_no_candidate(self):
        self.assertEqual(self.fix("攻府"), "")

    def test_the_likelier_of_two_candidates_wins_not_the_more_frequent(self):
        self.assertEqual(
            self.fix(
                "正府",
                frequencies={"政府": 5, "证府": 9},
                neighbours={"*府": ["政府", "证府"]},
            ),
            "政府",
        )

    def test_the_context_is_what_the_model_judges(self):
        seen: list[tuple[str, str]] = []

        def recording(typed: str, fixed: str) -> float:
            seen.append((typed, fixed))
            return 9.0

        self.assertEqual(
            self.fix("正府", context=("社", ""), log_ratio=recording), "政府"
        )
        self.assertEqual(seen, [("社正府", "社政府")])

    def test_weak_general_language_evidence_raises_the_margin(self):
        """Round 7: the general word model (jieba's frequencies) is a second opinion.
        Where it prefers the candidate by GENERAL_FLOOR or more nothing changes; for
        each unit it falls short, the site model's gain must be GENERAL_WEIGHT more."""
        gain = MIN_LOG_RATIO + 1.5

        def ratio(typed: str, fixed: str) -> float:
            return gain

        def general(preference: float) -> Callable[[str, str], float]:
            return lambda typed, fixed: preference

        self.assertGreater(GENERAL_WEIGHT, 0)
        # No general model given (or weight 0): the site model alone decides.
        self.assertEqual(self.fix("正府", log_ratio=ratio), "政府")
        self.assertEqual(
            self.fix("正府", log_ratio=ratio, general_log_ratio=general(GENERAL_FLOOR)),
            "政府",
        )
        # A shortfall of 2 needs 2 × GENERAL_WEIGHT more gain than 1.5.
        self.assertEqual(
            self.fix(
                "正府",
                log_ratio=ratio,
                general_log_ratio=general(GENERAL_FLOOR - 2),
            ),
            "",
        )
        self.assertEqual(
            self.fix(
                "正府",
                log_ratio=lambda t, f: gain + 2 * GENERAL_WEIGHT,
                general_log_ratio=general(GENERAL_FLOOR - 2),
            ),
            "政府",
        )
        # The general model is asked about the span as typed and as fixed.
        asked: list[tuple[str, str]] = []

        def recording(typed: str, fixed: str) -> float:
            asked.append((typed, fixed))
            return GENERAL_FLOOR

        self.fix("正府信", log_ratio=ratio, general_log_ratio=recording)
        self.assertIn(("正府信", "政府信"), asked)
