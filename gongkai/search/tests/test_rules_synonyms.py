"""synonyms.py alone (pure): parsing a synonym set and expanding a word."""

from django.test import SimpleTestCase

from gongkai.search.synonyms import SynonymTable, split_terms


class SplitTermsTests(SimpleTestCase):
    def test_every_separator_people_type_splits(self):
        self.assertEqual(
            split_terms("社保/社会保险， 养老保险、医保；工伤 失业／生育,公积金;住房"),
            [
                "社保",
                "社会保险",
                "养老保险",
                "医保",
                "工伤",
                "失业",
                "生育",
                "公积金",
                "住房",
            ],
        )

    def test_order_is_kept_and_repeats_dropped(self):
        self.assertEqual(split_terms("社保/社会保险/社保"), ["社保", "社会保险"])

    def test_nothing_but_separators_is_no_term(self):
        self.assertEqual(split_terms(" ，、/ "), [])


class SynonymTableTests(SimpleTestCase):
    def test_each_term_expands_to_the_others_of_its_set(self):
        table = SynonymTable([["社保", "社会保险"]])
        self.assertEqual(table.expand("社保"), ["社会保险"])
        self.assertEqual(table.expand("社会保险"), ["社保"])

    def test_a_term_in_two_sets_expands_to_both_without_repeats(self):
        table = SynonymTable([["社保", "社会保险"], ["社保", "社险", "社会保险"]])
        self.assertEqual(table.expand("社保"), ["社会保险", "社险"])
        self.assertEqual(table.expand("社险"), ["社保", "社会保险"])

    def test_unknown_words_and_single_term_sets_expand_to_nothing(self):
        table = SynonymTable([["公积金"]])
        self.assertEqual(table.expand("公积金"), [])
        self.assertEqual(table.expand("政府"), [])

    def test_expand_returns_a_copy(self):
        table = SynonymTable([["社保", "社会保险"]])
        table.expand("社保").append("篡改")
        self.assertEqual(table.expand("社保"), ["社会保险"])
