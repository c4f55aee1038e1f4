"""The character language model alone (pure)."""

import math

from django.test import SimpleTestCase

from gongkai.search.language_model import CharModel, LeftOut

TEXTS = [
    "政府信息公开，社会保险，公共服务，政务公开，医院，保险公司，信息公开目录。"
] * 3 + ["国务院办公厅关于政府信息公开工作的通知，社会保障和就业，政府工作报告"] * 2


class CharModelTests(SimpleTestCase):
    def test_each_history_gives_a_distribution(self):
        """Kneser-Ney done right: over the seen characters plus the one slot for the
        unseen, the probabilities after any history sum to 1."""
        for order in (2, 3):
            model = CharModel.from_texts(TEXTS, order=order)
            seen = {c for t in TEXTS for c in t if c not in "，。"}
            for history in ("", "政", "政府", "息公", "龘", "龘龘"):
                with self.subTest(order=order, history=history):
                    total = sum(model.probability(history + c) for c in seen)
                    total += model.probability(history + "鑫")  # never seen
                    self.assertAlmostEqual(total, 1.0, places=9)

    def test_seen_text_is_likelier_than_a_homophone_slip(self):
        model = CharModel.from_texts(TEXTS, order=3)
        self.assertGreater(
            model.log_probability("政府信息"), model.log_probability("正府信息")
        )
        self.assertGreater(model.log_ratio("社会保现", "社会保险"), 0)
        self.assertLess(model.log_ratio("社会保险", "社会保现"), 0)

    def test_log_ratio_reads_only_what_the_change_touches(self):
        model = CharModel.from_texts(TEXTS, order=2)
        whole = model.log_probability("政务信息") - model.log_probability("政府信息")
        self.assertTrue(math.isclose(model.log_ratio("政府信息", "政务信息"), whole))
        with self.assertRaises(ValueError):
            model.log_ratio("政府", "政府信息")
        self.assertEqual(model.log_ratio("政府", "政府"), 0.0)

    def test_an_empty_model_answers(self):
        model = CharModel.from_texts([], order=3)
        self.assertGreater(model.probability("政府"), 0)


class StoredFormTests(SimpleTestCase):
    def test_the_stored_form_gives_the_same_model(self):
        model = CharModel.from_texts(TEXTS, order=3)
        again = CharModel.from_bytes(model.to_bytes())
        for gram in ("政府", "正府", "府信息", "龘", "会保险"):
            self.assertEqual(again.probability(gram), model.probability(gram))
        self.assertEqual(again.characters, model.characters)

    def test_anything_else_is_refused(self):
        import zlib

        for data in (
            b"",
            b"junk",
            zlib.compress(b"[1, 2]"),
            zlib.compress(b'{"format": 999}'),
            zlib.compress(b'{"format": 1, "order": 3}'),
        ):
            with self.subTest(data=data), self.assertRaises(ValueError):
                CharModel.from_bytes(data)


class SeenCountTests(SimpleTestCase):
    """seen_count: how often the model's text holds a string (inspection's vocabulary
    test), from the counts the model keeps."""

    def test_counts_of_strings_of_the_text(self):
        model = CharModel.from_texts(TEXTS, order=3)
        self.assertEqual(model.seen_count("政府信息"), 5)  # 3 + 2 texts
        self.assertEqual(model.seen_count("社会保险"), 3)
        self.assertEqual(model.seen_count("政府"), 7)  # each followed by a character
        self.assertEqual(model.seen_count("正府"), 0)
        self.assertEqual(model.seen_count("政"), 0)  # one character is no word

    def test_a_string_across_punctuation_is_not_seen(self):
        model = CharModel.from_texts(TEXTS, order=3)
        self.assertEqual(model.seen_count("开社会"), 0)  # 公开，社会


class LeftOutTests(SimpleTestCase):
    """LeftOut: a text judged as if the model had not seen it (inspection's check of a
    published page, whose own slip the site's model holds)."""

    PAGE = "社会保现补贴按月发放。"

    def test_the_page_no_longer_vouches_for_its_own_slip(self):
        model = CharModel.from_texts([*TEXTS, self.PAGE], order=3)
        without = LeftOut(model, self.PAGE)
        self.assertEqual(model.seen_count("社会保现"), 1)
        self.assertEqual(model.seen_count("社会保现", without), 0)
        self.assertEqual(model.seen_count("社会保险", without), 3)  # others' text kept
        alone = CharModel.from_texts(TEXTS, order=3)
        typed, fixed = "社会保现补贴", "社会保险补贴"
        self.assertLess(model.log_ratio(typed, fixed), alone.log_ratio(typed, fixed))
        self.assertAlmostEqual(
            model.log_ratio(typed, fixed, without),
            alone.log_ratio(typed, fixed),
            delta=0.5,  # the unigram level keeps the page's characters
        )

    def test_still_a_distribution(self):
        model = CharModel.from_texts([*TEXTS, self.PAGE], order=3)
        without = LeftOut(model, self.PAGE)
        seen = {c for t in [*TEXTS, self.PAGE] for c in t if c not in "，。"}
        for history in ("", "保", "会保", "保现", "龘"):
            with self.subTest(history=history):
                total = sum(model.probability(history + c, without) for c in seen)
                total += model.probability(history + "鑫", without)
                self.assertAlmostEqual(total, 1.0, places=9)

    def test_a_text_the_model_never_saw_leaves_nothing_out(self):
        model = CharModel.from_texts(TEXTS, order=3)
        without = LeftOut(model, "龘龘龘龘")
        self.assertEqual(
            model.log_ratio("政府信息", "正府信息", without),
            model.log_ratio("政府信息", "正府信息"),
        )
