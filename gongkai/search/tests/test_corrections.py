"""The misspelling corrector alone (pure: vocabulary passed in)."""

from django.test import SimpleTestCase

from gongkai.search.corrections import (
    MIN_LOG_RATIO,
    changed_parts,
    correct,
    sounds_alike,
    unknown_spans,
    wildcard_keys,
)
from gongkai.search.language_model import CharModel

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
# The "index" the toy model is built from. A toy model is far flatter than one of a
# real site (a few dozen characters, so an unseen one keeps a large share): the
# thresholds here are scaled down accordingly (TOY_THRESHOLD).
TEXTS = [
    "政府信息公开，社会保险，公共服务，政务公开，医院，也不高，保险公司，信息公开目录。"
] * 20 + ["国务院办公厅关于政府信息公开工作的通知，社会保障和就业，政府工作报告"] * 10
TOY_THRESHOLD = 3.0


def fix(text: str, tokens: list[str], texts: list[str] = TEXTS) -> str:
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
        log_ratio=CharModel.from_texts(texts, order=3).log_ratio,
        threshold=TOY_THRESHOLD,
        run_threshold=TOY_THRESHOLD,
        alone_threshold=TOY_THRESHOLD,
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

    def test_text_the_index_holds_is_left_alone(self):
        """政服 is as probable as 政府 once the index holds it often: no correction."""
        tokens = ["政服", "信息", "公开"]
        self.assertEqual(fix("政服信息公开", tokens), "政府信息公开")
        held = [*TEXTS, *["政服信息"] * 30]
        self.assertEqual(fix("政服信息公开", tokens, texts=held), "")

    def test_the_ratio_threshold_decides(self):
        """A candidate must make the text far likelier: the same slip is corrected or
        left alone by the threshold alone (the shipped one is MIN_LOG_RATIO)."""
        model = CharModel.from_texts(TEXTS, order=3)
        gain = model.log_ratio("社会保现", "社会保险")
        self.assertGreater(gain, TOY_THRESHOLD)
        self.assertEqual(fix("社会保现", ["社会", "保现"]), "社会保险")
        self.assertEqual(
            correct(
                "社会保现",
                tokens=["社会", "保现"],
                is_known=VOCABULARY.__contains__,
                frequencies=VOCABULARY,
                neighbours={"保*": ["保险"]},
                log_ratio=model.log_ratio,
                threshold=gain + 0.1,
            ),
            "",
        )
        self.assertGreater(MIN_LOG_RATIO, TOY_THRESHOLD)

    def test_a_run_of_single_characters_is_corrected_only_when_far_likelier(self):
        """不搞核 where the index holds 搞核 (a right phrase it lacks whole) stays;
        保现 at the end of a run is corrected."""
        texts = [*TEXTS, *["不搞核查"] * 5]
        model = CharModel.from_texts(texts, order=3)
        self.assertEqual(
            correct(
                "不搞核",
                tokens=["不", "搞", "核"],
                is_known=lambda w: len(w) == 1,
                frequencies={"不高": 5},
                neighbours={"不*": ["不高"], "*搞": [], "搞*": [], "*核": []},
                log_ratio=model.log_ratio,
                run_threshold=TOY_THRESHOLD,
            ),
            "",
        )
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

    def test_changed_parts_mark_what_the_correction_changed(self):
        self.assertEqual(
            changed_parts("正府信息 社会保现", "政府信息 社会保险"),
            [("政", True), ("府信息 社会保", False), ("险", True)],
        )
        self.assertEqual(changed_parts("政府", "政府"), [("政府", False)])
        self.assertEqual(changed_parts("政", "政府"), [("政府", True)])
