"""The misspelling corrector alone (pure: vocabulary passed in)."""

from django.test import SimpleTestCase

from gongkai.search.corrections import (
    correct,
    sounds_alike,
    unknown_spans,
    wildcard_keys,
)

VOCABULARY = {
    "政府": 50,
    "信息": 40,
    "公开": 30,
    "社会": 20,
    "保险": 15,
    "公共": 60,
    "政务": 70,
    "医院": 9,
}
PAIRS = {
    "政府",
    "府信",
    "信息",
    "息公",
    "公开",
    "社会",
    "会保",
    "保险",
    "公共",
    "政务",
    "医院",
}


def fix(text: str, tokens: list[str], pairs: set[str] = PAIRS) -> str:
    neighbours: dict[str, list[str]] = {}
    for word in VOCABULARY:
        for key in wildcard_keys(word):
            neighbours.setdefault(key, []).append(word)
    return correct(
        text,
        tokens=tokens,
        is_known=lambda w: w in VOCABULARY or w in {"公积金", "国务院", "学区", "划分"},
        frequencies=VOCABULARY,
        neighbours=neighbours,
        unseen=lambda pair: pair not in pairs,
    )


class CorrectionTests(SimpleTestCase):
    def test_homophone_in_an_unknown_span_is_corrected(self):
        self.assertEqual(fix("正府信息公开", ["正府", "信息", "公开"]), "政府信息公开")
        self.assertEqual(fix("社会保现", ["社会", "保现"]), "社会保险")

    def test_known_words_are_never_candidates(self):
        self.assertEqual(fix("公积金", ["公积金"]), "")
        self.assertEqual(fix("国务院", ["国务院"]), "")
        self.assertEqual(fix("政府信息", ["政府", "信息"]), "")

    def test_shape_alike_character_is_not_proposed(self):
        """攻/政 do not read alike: no confident guess (precision first)."""
        self.assertEqual(fix("攻府信息", ["攻府", "信息"]), "")

    def test_a_pair_the_index_holds_is_left_alone(self):
        """The typed text makes no unseen pair: nothing says it is wrong."""
        self.assertEqual(fix("政服", ["政服"]), "政府")
        self.assertEqual(fix("政服", ["政服"], pairs=PAIRS | {"政服"}), "")

    def test_a_run_of_single_characters_needs_unseen_pairs_on_both_sides(self):
        """也不搞核: 不搞 unseen but 搞核 seen (a right phrase the index lacks) stays;
        保现 at the end of a run has one neighbour, unseen: corrected."""
        pairs = PAIRS | {"会保", "不高", "高核", "搞核"}
        vocabulary_fix = correct(
            "不搞核",
            tokens=["不", "搞", "核"],
            is_known=lambda w: len(w) == 1,
            frequencies={"不高": 5},
            neighbours={"不*": ["不高"], "*搞": [], "搞*": [], "*核": []},
            unseen=lambda pair: pair not in pairs,
        )
        self.assertEqual(vocabulary_fix, "")
        self.assertEqual(fix("社会保现", ["社会", "保", "现"]), "社会保险")

    def test_unknown_spans(self):
        known = {"信息", "中区"}.__contains__
        self.assertEqual(unknown_spans(["正府", "信息"], known), [("正府", True)])
        self.assertEqual(unknown_spans(["中", "区"], known), [])
        self.assertEqual(unknown_spans(["下", "年", "信息"], known), [("下年", False)])

    def test_fuzzy_readings(self):
        self.assertTrue(sounds_alike("现", "险"))
        self.assertTrue(sounds_alike("正", "政"))
        self.assertTrue(sounds_alike("子", "只"))  # zh/z
        self.assertTrue(sounds_alike("牛", "流"))  # n/l
        self.assertFalse(sounds_alike("攻", "政"))
