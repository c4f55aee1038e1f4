"""Pure text rules of the search: joining split characters, half-width folding,
snippets of long texts (no database)."""

from django.test import SimpleTestCase

from gongkai.search.highlighting import (
    FOLD_CHUNK,
    _pattern,
    first_match,
    highlight,
    snippet,
)
from gongkai.search.normalisation import may_change, normalise, to_half_width
from gongkai.search.query_parsing import join_lone_characters, parse_query
from gongkai.search.segmentation import Segmenter


class JoinLoneCharactersTests(SimpleTestCase):
    def test_adjacent_single_characters_become_one_word(self):
        self.assertEqual(join_lone_characters("中区", ["中", "区"]), ["中区"])
        self.assertEqual(
            join_lone_characters("下年工作", ["下", "年", "工作"]), ["下年", "工作"]
        )

    def test_characters_typed_apart_stay_apart(self):
        self.assertEqual(join_lone_characters("中 区", ["中", "区"]), ["中", "区"])

    def test_a_word_between_ends_the_run(self):
        self.assertEqual(
            join_lone_characters("东政府区", ["东", "政府", "区"]), ["东", "政府", "区"]
        )

    def test_latin_and_digits_are_not_joined(self):
        self.assertEqual(
            join_lone_characters("a年b", ["a", "年", "b"]), ["a", "年", "b"]
        )
        self.assertEqual(join_lone_characters("2023年", ["2023", "年"]), ["2023", "年"])

    def test_two_runs_in_one_query(self):
        self.assertEqual(
            join_lone_characters("中区和下年", ["中", "区", "和", "下", "年"]),
            ["中区和下年"],
        )
        self.assertEqual(
            join_lone_characters("中区 下年", ["中", "区", "下", "年"]),
            ["中区", "下年"],
        )

    def test_parse_query_keeps_the_split_word_as_one_clause(self):
        segmenter = Segmenter()
        words = segmenter.query_words("中区")
        self.assertEqual(words, ["中", "区"])  # the premise: jieba splits it
        parsed = parse_query("中区", segmenter)
        self.assertEqual(parsed.terms(), ["中区"])


class HalfWidthTests(SimpleTestCase):
    def test_full_width_forms_and_the_ideographic_space(self):
        self.assertEqual(to_half_width("ＡＢＣ１２３　（一）"), "ABC123 (一)")

    def test_other_text_is_returned_unchanged(self):
        text = "政府信息公开〔2024〕7号"
        self.assertEqual(to_half_width(text), text)

    def test_may_change_sees_traditional_and_full_width_characters(self):
        self.assertTrue(may_change("政府資訊公開"))
        self.assertTrue(may_change("第１号"))
        self.assertFalse(may_change("政府信息公开 abc 2024"))
        self.assertFalse(
            may_change("政府，信息：公开（试行）。")
        )  # punctuation holds no term
        # What may_change says no to, normalise leaves alone but for case and spaces.
        self.assertEqual(normalise("政府信息公开 ABC"), "政府信息公开 abc")


class SnippetTests(SimpleTestCase):
    def test_snippet_finds_a_term_far_into_a_long_text(self):
        text = "甲" * (3 * FOLD_CHUNK + 17) + "公积金提取"
        out = snippet(text, ["公积金"])
        self.assertIn("<mark>公积金</mark>", out)
        self.assertTrue(out.startswith("…"))

    def test_a_term_across_a_chunk_boundary_is_found(self):
        text = (
            "乙" * (FOLD_CHUNK - 1) + "資訊公開" + "乙" * 10
        )  # traditional: folded chunk by chunk
        pattern = _pattern(["资讯"])
        self.assertEqual(first_match(text, pattern, longest=2), FOLD_CHUNK - 1)

    def test_traditional_text_matches_a_simplified_term(self):
        self.assertEqual(
            highlight("政府資訊公開", ["资讯"]), "政府<mark>資訊</mark>公開"
        )
        self.assertIn(
            "<mark>資訊</mark>", snippet("前言。" * 50 + "政府資訊公開", ["资讯"])
        )

    def test_no_match_gives_the_start_of_the_text(self):
        self.assertEqual(snippet("短文本", ["公积金"]), "短文本")
