"""query_parsing.py alone (pure): clauses of a query and their FTS5 / tsquery form.
(Joining lone characters: test_text_rules.py; unit pairs: test_index_form.py.)"""

import re

from django.test import SimpleTestCase

from gongkai.search.normalisation import normalise
from gongkai.search.query_parsing import (
    MAX_ALTERNATIVES,
    MAX_CLAUSES,
    Alternative,
    ParsedQuery,
    parse_query,
    split_phrases,
    to_fts5,
    to_tsquery,
)
from gongkai.search.segmentation import Segmenter

GOVERNMENT_OR_AFFAIRS = [Alternative("政府"), Alternative("政务")]
PHRASE = [Alternative("信息公开", is_phrase=True)]


class SplitPhrasesTests(SimpleTestCase):
    def test_each_kind_of_quotes_makes_a_phrase(self):
        phrases, rest = split_phrases('"政府 信息" 公开 “年度报告”「预算」')
        self.assertEqual(phrases, ["政府 信息", "年度报告", "预算"])
        self.assertEqual(rest.split(), ["公开"])

    def test_phrases_without_units_are_dropped_and_a_lone_quote_is_a_space(self):
        phrases, rest = split_phrases('"" "，" 残"缺')
        self.assertEqual(phrases, [])
        self.assertEqual(rest.split(), ["残", "缺"])


class ParseQueryTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.segmenter = Segmenter()

    def test_phrases_first_then_each_word_once(self):
        parsed = parse_query('"信息公开" 政府 政府 年度报告', self.segmenter)
        self.assertEqual(
            parsed.clauses,
            [
                [Alternative("信息公开", is_phrase=True)],
                [Alternative("政府")],
                [Alternative("年度报告")],
            ],
        )
        self.assertEqual(parsed.terms(), ["信息公开", "政府", "年度报告"])

    def test_nothing_searchable_is_an_empty_query(self):
        self.assertTrue(parse_query("", self.segmenter).is_empty)
        self.assertTrue(parse_query("，。！", self.segmenter).is_empty)

    def test_clauses_are_capped(self):
        text = " ".join("政府信息公开年度报告工作要点通知决定意见")
        self.assertEqual(len(parse_query(text, self.segmenter).clauses), MAX_CLAUSES)


class CompileTests(SimpleTestCase):
    query = ParsedQuery([GOVERNMENT_OR_AFFAIRS, PHRASE])

    def test_fts5_ands_clauses_and_ors_alternatives_word_or_unit_phrase(self):
        self.assertEqual(
            to_fts5(self.query),
            '(({title body} : "政府" OR {title_units body_units} : "政府")'
            ' OR ({title body} : "政务" OR {title_units body_units} : "政务"))'
            ' AND (({title_units body_units} : "信息 息公 公开"))',
        )

    def test_fts5_title_only_names_the_title_columns_alone(self):
        compiled = to_fts5(self.query, title_only=True)
        self.assertNotIn("body", compiled)
        self.assertIn('{title_units} : "信息 息公 公开"', compiled)

    def test_tsquery_phrase_is_a_run_of_labelled_pairs(self):
        self.assertEqual(
            to_tsquery(self.query),
            "(('政府') | ('政务')) & ((('信息':CD <-> '息公':CD <-> '公开':CD)))",
        )
        self.assertIn("'信息':C <->", to_tsquery(self.query, title_only=True))

    def test_an_indexed_word_matches_as_a_word_unless_thorough(self):
        word = ParsedQuery([[Alternative("政府", word_only=True)]])
        self.assertEqual(to_fts5(word, thorough=False), '(({title body} : "政府"))')
        self.assertIn("title_units", to_fts5(word, thorough=True))
        self.assertEqual(to_tsquery(word, thorough=False), "(('政府'))")

    def test_a_lone_character_is_a_prefix_in_fts5_and_a_lexeme_in_tsquery(self):
        character = ParsedQuery([[Alternative("发")]])
        self.assertIn('{title_units body_units} : "发"*', to_fts5(character))
        self.assertEqual(to_tsquery(character), "(('发'))")

    def test_alternatives_are_capped(self):
        many = ParsedQuery(
            [[Alternative(f"词{i}") for i in range(MAX_ALTERNATIVES + 4)]]
        )
        self.assertEqual(to_fts5(many).count("{title body}"), MAX_ALTERNATIVES)
        self.assertEqual(
            len(re.findall(r"'词\d+'", to_tsquery(many))), MAX_ALTERNATIVES
        )

    def test_no_operator_typed_by_a_user_reaches_the_expression(self):
        """Whatever is typed, the quoted strings hold only [0-9a-z], Han characters
        and spaces, and everything outside them is the compiler's own syntax."""
        parsed = parse_query(
            normalise('政府 NEAR( "a" OR b* ^c {title}: -d \'; x:*'), Segmenter()
        )
        compiled = to_fts5(parsed)
        quoted = re.findall(r'"([^"]*)"', compiled)
        self.assertTrue(quoted)
        for text in quoted:
            self.assertRegex(text, r"^[0-9a-z\u4e00-\u9fff ]+$")
        syntax = re.sub(r'"[^"]*"', "", compiled)
        self.assertEqual(
            set(re.findall(r"[^\s()]+", syntax))
            - {"OR", "AND", ":", "*", "{title", "body}", "{title_units", "body_units}"},
            set(),
        )
