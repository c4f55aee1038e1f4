"""segmentation.py alone (pure): units, unit pairs, jieba's words with user terms."""

import math

from django.test import SimpleTestCase

from gongkai.search.segmentation import (
    Segmenter,
    is_han,
    phrase_tokens,
    unit_tokens,
    units,
)


class UnitTests(SimpleTestCase):
    def test_han_characters_one_by_one_latin_and_digit_runs_whole(self):
        self.assertEqual(
            units("2023年度gdp增长abc-12"),
            ["2023", "年", "度", "gdp", "增", "长", "abc", "12"],
        )

    def test_punctuation_and_spaces_are_no_units(self):
        self.assertEqual(units("，。！ 、"), [])

    def test_is_han_needs_han_characters_only(self):
        self.assertTrue(is_han("政府"))
        self.assertTrue(is_han("㐀"))  # extension A
        self.assertFalse(is_han("政府a"))
        self.assertFalse(is_han(""))

    def test_unit_pairs_of_empty_and_latin_only_text(self):
        self.assertEqual(unit_tokens(""), [])
        self.assertEqual(unit_tokens("abc 12"), ["abc", "12"])
        self.assertEqual(phrase_tokens(""), ([], False))

    def test_a_lone_character_between_latin_runs_is_its_own_token(self):
        self.assertEqual(unit_tokens("a年b"), ["a", "年", "b"])


class SegmenterTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain = Segmenter()
        cls.with_term = Segmenter(["浙里办事", ""])

    def test_index_words_hold_the_long_word_and_its_sub_words(self):
        words = self.plain.index_words("全体会议")
        self.assertIn("全体会议", words)
        self.assertIn("全体", words)
        self.assertIn("会议", words)

    def test_query_words_are_the_words_a_reader_meant(self):
        self.assertEqual(self.plain.query_words("全体会议"), ["全体会议"])

    def test_a_user_term_is_kept_whole(self):
        self.assertEqual(
            self.plain.query_words("浙里办事指南"), ["浙里", "办事", "指南"]
        )
        self.assertEqual(
            self.with_term.query_words("浙里办事指南"), ["浙里办事", "指南"]
        )
        self.assertTrue(self.with_term.has_word("浙里办事"))
        self.assertEqual(self.with_term.user_words, frozenset({"浙里办事"}))

    def test_punctuation_never_becomes_a_word(self):
        words = self.plain.index_words("abc-12，政府！")
        self.assertIn("政府", words)
        self.assertIn("12", words)
        for word in words:
            self.assertRegex(word, r"^[0-9a-z\u4e00-\u9fff]+$")

    def test_empty_text_has_no_words(self):
        self.assertEqual(self.plain.index_words(""), [])
        self.assertEqual(self.plain.query_words(""), [])

    def test_general_model_is_jiebas_word_frequencies(self):
        """log P under jieba's unigram model: 政府 is one word of its dictionary,
        正府 two (正 and 府), so a slip is far less probable than the word."""
        from gongkai.search.segmentation import GENERAL_TOTAL

        words = self.plain.general_log_probability("政府")
        self.assertLess(words, 0)
        self.assertAlmostEqual(
            self.plain.general_log_probability("政府政府"), 2 * words, places=6
        )
        # An empty text is certain; a character jieba lacks counts as frequency 1.
        self.assertEqual(self.plain.general_log_probability(""), 0.0)
        self.assertAlmostEqual(
            self.plain.general_log_probability("\u9fa5\u9fa5"),
            2 * math.log(1 / GENERAL_TOTAL),
            places=6,
        )
        self.assertGreater(self.plain.general_log_ratio("正府", "政府"), 7)
        # Reading frequencies never adds a word to the dictionary.
        self.assertFalse(self.plain.has_word("正府"))

    def test_general_model_weakly_prefers_a_word_over_a_right_phrase(self):
        """的值有 (a right phrase) against 的只有: the general model prefers the word
        by less than a slip's margin, which is what the corrector reads."""
        phrase = self.plain.general_log_ratio("的值有", "的只有")
        slip = self.plain.general_log_ratio("正府", "政府")
        self.assertLess(phrase, slip)
