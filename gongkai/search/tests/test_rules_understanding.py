"""understanding.py's pure parts: what an `Understood` query compiles to, and which
texts are taken for an 索引号 or a 文号. (understand() and correct() read the index
vocabulary: test_selectors.py, test_corrections.py, test_false_corrections.py.)"""

from django.test import SimpleTestCase

from gongkai.search.query_parsing import Alternative, ParsedQuery
from gongkai.search.understanding import DOCUMENT_NUMBER, INDEX_NUMBER, Understood

BRIEFING, PROGRESS = [Alternative("简报")], [Alternative("进展")]


def understood(*readings: ParsedQuery, thorough: bool = False) -> Understood:
    return Understood(text="", readings=list(readings), thorough=thorough)


class UnderstoodTests(SimpleTestCase):
    def test_empty_when_no_reading_has_a_clause(self):
        self.assertTrue(understood().is_empty)
        self.assertTrue(understood(ParsedQuery()).is_empty)
        self.assertFalse(understood(ParsedQuery(), ParsedQuery([BRIEFING])).is_empty)

    def test_several_words_when_some_reading_ands_two_clauses(self):
        self.assertFalse(understood(ParsedQuery([BRIEFING])).several_words)
        self.assertTrue(
            understood(
                ParsedQuery([BRIEFING]), ParsedQuery([BRIEFING, PROGRESS])
            ).several_words
        )

    def test_highlight_terms_are_every_reading_s_terms(self):
        self.assertEqual(
            understood(
                ParsedQuery([BRIEFING]), ParsedQuery([PROGRESS])
            ).highlight_terms(),
            ["简报", "进展"],
        )

    def test_readings_are_ored_and_empty_ones_skipped(self):
        query = understood(
            ParsedQuery([BRIEFING]), ParsedQuery(), ParsedQuery([PROGRESS])
        )
        self.assertEqual(query.expression(postgres=True), "((('简报'))) | ((('进展')))")
        fts5 = query.expression(postgres=False)
        self.assertEqual(fts5.count(") OR ((("), 1)
        self.assertIn('"简报"', fts5)
        self.assertIn('"进展"', fts5)

    def test_thorough_also_matches_indexed_words_as_unit_phrases(self):
        word = ParsedQuery([[Alternative("简报", word_only=True)]])
        self.assertNotIn("title_units", understood(word).expression(postgres=False))
        self.assertIn(
            "title_units", understood(word, thorough=True).expression(postgres=False)
        )

    def test_scoring_leaves_out_the_common_clauses(self):
        query = understood(ParsedQuery([BRIEFING, PROGRESS]))
        scoring = query.scoring_expression(lambda clause: '"简报"' in clause)
        self.assertIn('"进展"', scoring)
        self.assertNotIn('"简报"', scoring)

    def test_scoring_keeps_a_reading_whole_when_every_clause_is_common(self):
        query = understood(ParsedQuery([BRIEFING, PROGRESS]))
        self.assertEqual(
            query.scoring_expression(lambda clause: True),
            query.expression(postgres=False),
        )

    def test_scoring_keeps_a_single_clause_even_when_common(self):
        query = understood(ParsedQuery([BRIEFING]))
        self.assertEqual(
            query.scoring_expression(lambda clause: True),
            query.expression(postgres=False),
        )


class NumberPatternTests(SimpleTestCase):
    def test_index_numbers_in_the_formats_imported(self):
        for text in ("330703000000/2023-153702", "330703-2023-0001", "a1b2c3d4"):
            with self.subTest(text=text):
                self.assertRegex(text, INDEX_NUMBER)

    def test_words_and_short_numbers_are_no_index_number(self):
        for text in ("abc", "12345", "zhengfu", "x" * 70 + "1234", "/2023-0001"):
            with self.subTest(text=text):
                self.assertNotRegex(text, INDEX_NUMBER)

    def test_document_numbers_in_canonical_form_only(self):
        self.assertRegex("金东政发〔2023〕12号", DOCUMENT_NUMBER)
        for text in ("〔2023〕12号", "金东政发[2023]12号", "金东政发〔23〕12号"):
            with self.subTest(text=text):
                self.assertNotRegex(text, DOCUMENT_NUMBER)
