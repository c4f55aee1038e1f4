"""The index's unit pairs: how text is stored and how a phrase finds it, on both databases."""

import re
from unittest import TestCase as PureTestCase

from django.test import TestCase

from gongkai.core.tests.factories import create_column
from gongkai.search import analysis
from gongkai.search.index_backends.postgres import tsvector_literal
from gongkai.search.query_parsing import Alternative, ParsedQuery, to_fts5, to_tsquery
from gongkai.search.results import SearchQuery
from gongkai.search.segmentation import phrase_tokens, unit_tokens
from gongkai.search.selectors import search_items

from .factories import create_indexed_article


class UnitPairTests(PureTestCase):
    def test_runs_become_pairs_then_their_last_character(self):
        self.assertEqual(unit_tokens("经济发展"), ["经济", "济发", "发展", "展"])
        self.assertEqual(
            unit_tokens("2023年度，好abc"), ["2023", "年度", "度好", "好", "abc"]
        )

    def test_a_phrase_ends_with_its_last_pair_or_a_lone_character_as_prefix(self):
        self.assertEqual(phrase_tokens("济发"), (["济发"], False))
        self.assertEqual(phrase_tokens("经济发展"), (["经济", "济发", "发展"], False))
        self.assertEqual(phrase_tokens("发"), (["发"], True))
        self.assertEqual(phrase_tokens("2023年"), (["2023", "年"], True))
        self.assertEqual(phrase_tokens("2023"), (["2023"], False))

    def test_fts5_phrase_marks_a_lone_last_character_as_prefix(self):
        self.assertEqual(
            to_fts5(ParsedQuery([[Alternative("经济发", is_phrase=True)]])),
            '(({title_units body_units} : "经济 济发"))',
        )
        self.assertEqual(
            to_fts5(ParsedQuery([[Alternative("2023年", is_phrase=True)]])),
            '(({title_units body_units} : "2023 年"*))',
        )

    def test_tsquery_phrase_keeps_to_unit_positions(self):
        query = ParsedQuery([[Alternative("经济发", is_phrase=True)]])
        self.assertEqual(to_tsquery(query), "((('经济':CD <-> '济发':CD)))")
        self.assertEqual(
            to_tsquery(query, title_only=True), "((('经济':C <-> '济发':C)))"
        )
        # One pair is one lexeme: no phrase, no recheck.
        self.assertEqual(
            to_tsquery(ParsedQuery([[Alternative("济发", is_phrase=True)]])),
            "(('济发'))",
        )

    def test_tsvector_streams_never_share_a_position(self):
        literal = tsvector_literal([("防汛 汛简 简", "C", True), ("防汛", "A", False)])
        places = dict(re.findall(r"'([^']+)':(\S+)", literal))
        self.assertEqual(places["防汛"], "1C,5A")  # the word after the units and a gap
        self.assertEqual(places["防"], "1C")  # each pair's first character beside it
        self.assertEqual(places["汛"], "2C")
        self.assertEqual(places["简"], "3C")


class PhraseMatchingTests(TestCase):
    """On SQLite and PostgreSQL alike: a phrase is an exact substring, wherever it
    starts or ends inside the document's runs of characters."""

    @classmethod
    def setUpTestData(cls):
        column = create_column(title="规划计划")
        with cls.captureOnCommitCallbacks(execute=True):
            cls.plan = create_indexed_article(
                column=column, title="通知", body="加快推进经济发展规划编制。"
            )
            cls.other = create_indexed_article(
                column=column, title="公告", body="经济平稳，发展向好。"
            )

    def setUp(self):
        analysis.reset()

    def found(self, text):
        return sorted(
            h.page_id for h in search_items(query=SearchQuery(text=text)).hits
        )

    def test_phrases_match_exact_substrings_only(self):
        for text, expected in [
            ('"济发"', [self.plan.pk]),
            ('"经济发"', [self.plan.pk]),
            ('"展规划编"', [self.plan.pk]),
            ('"编制"', [self.plan.pk]),
            ('"经济发展规划编制"', [self.plan.pk]),
            ('"经济平"', [self.other.pk]),
            ('"济平稳发"', [self.other.pk]),
            ('"经济发展向"', []),
            ('"发展向好"', [self.other.pk]),
            ('"平稳发展"', [self.other.pk]),  # punctuation is not part of a phrase
            ('"稳，发"', [self.other.pk]),
        ]:
            with self.subTest(text=text):
                self.assertEqual(self.found(text), expected)

    def test_single_characters_match_anywhere_in_a_run(self):
        for text, expected in [
            ("划", [self.plan.pk]),
            ("稳", [self.other.pk]),
            ("制", [self.plan.pk]),
            ("好", [self.other.pk]),
            ("展", sorted([self.plan.pk, self.other.pk])),
        ]:
            with self.subTest(text=text):
                self.assertEqual(self.found(text), expected)
