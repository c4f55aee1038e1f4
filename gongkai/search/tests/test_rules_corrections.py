"""corrections.py's building blocks alone (pure); the whole corrector is in
test_corrections.py."""

from django.test import SimpleTestCase

from gongkai.search.corrections import (
    MAX_WINDOW,
    correct_span,
    fuzzy_reading,
    pairs_of,
    span_lookups,
    windows,
)

SEEN = {"政府", "证府", "信息", "社政", "社正"}


def unseen(pair: str) -> bool:
    return pair not in SEEN


class WindowTests(SimpleTestCase):
    def test_longest_first_then_left_to_right(self):
        self.assertEqual(windows("abcd"), ["abcd", "abc", "bcd", "ab", "bc", "cd"])

    def test_one_character_has_no_window(self):
        self.assertEqual(windows("a"), [])

    def test_windows_are_at_most_max_window_long(self):
        found = windows("x" * 10)
        self.assertEqual(len(found[0]), MAX_WINDOW)
        self.assertEqual(len(found), 3 + 4 + 5 + 6 + 7 + 8 + 9)  # lengths 8..2


class PairAndLookupTests(SimpleTestCase):
    def test_pairs_of_a_text(self):
        self.assertEqual(pairs_of("保现金"), {"保现", "现金"})
        self.assertEqual(pairs_of("保"), set())

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
            "unseen": unseen,
            **kwargs,
        }
        return correct_span(span, **options)

    def test_a_homophone_one_character_away_replaces_the_window(self):
        self.assertEqual(self.fix("正府"), "政府")
        self.assertEqual(self.fix("正府信"), "政府信")

    def test_a_known_window_is_never_replaced(self):
        self.assertEqual(self.fix("正府", frequencies={"政府": 5, "正府": 1}), "")

    def test_the_typed_text_must_make_an_unseen_pair(self):
        self.assertEqual(self.fix("正府", unseen=lambda pair: False), "")

    def test_the_corrected_text_must_not_make_one(self):
        self.assertEqual(self.fix("正府", unseen=lambda pair: True), "")

    def test_a_character_that_does_not_read_alike_is_no_candidate(self):
        self.assertEqual(self.fix("攻府"), "")

    def test_the_more_frequent_of_two_candidates_wins(self):
        self.assertEqual(
            self.fix(
                "正府",
                frequencies={"政府": 5, "证府": 9},
                neighbours={"*府": ["政府", "证府"]},
            ),
            "证府",
        )

    def test_every_asks_for_an_unseen_pair_on_each_side(self):
        """社|正府: 社正 is seen, 正府 is not. One unseen pair is enough by default;
        `every` (a run of single characters) needs both."""
        self.assertEqual(self.fix("正府", context=("社", "")), "政府")
        self.assertEqual(self.fix("正府", context=("社", ""), every=True), "")
