"""normalisation.py alone (pure): the one form queries and indexed text meet in."""

from django.test import SimpleTestCase

from gongkai.search.normalisation import (
    document_number_key,
    may_change,
    normalise,
    to_simplified,
)


class NormaliseTests(SimpleTestCase):
    def test_traditional_full_width_and_case_fold_to_one_form(self):
        self.assertEqual(normalise("政府資訊公開 ＡＢＣ１２"), "政府资讯公开 abc12")

    def test_spaces_are_collapsed_and_trimmed(self):
        self.assertEqual(normalise("  政府\t\n信息　　公开  "), "政府 信息 公开")

    def test_control_characters_become_spaces_and_unusable_ones_vanish(self):
        """No input may reach a database driver in a form it rejects: NUL and the
        other controls are spaces, lone surrogates and private-use characters go."""
        self.assertEqual(normalise("政府\x00信息\u2028公开"), "政府 信息 公开")
        self.assertEqual(normalise("政\ud800府\ue000"), "政府")

    def test_empty_text_stays_empty(self):
        self.assertEqual(normalise(""), "")
        self.assertEqual(to_simplified(""), "")

    def test_to_simplified_converts_whole_words(self):
        self.assertEqual(to_simplified("國務院辦公廳"), "国务院办公厅")


class VariantTests(SimpleTestCase):
    """Variant characters that OpenCC's tables map and t2s alone leaves (覚 for 觉,
    衞 for 卫: old and OCR-ed text) fold to the standard character, on both sides."""

    def test_variant_characters_fold_to_the_standard_ones(self):
        self.assertEqual(normalise("提高覚悟"), "提高觉悟")
        self.assertEqual(normalise("保衞世界和平"), "保卫世界和平")
        self.assertTrue(may_change("覚悟"))

    def test_characters_right_in_simplified_chinese_stay(self):
        """jp2t maps 芸 → 藝, 欠 → 缺, 予 → 豫: characters of GB2312 never fold."""
        for text in ("芸芸众生", "欠缺", "予以", "著作", "什么"):
            with self.subTest(text=text):
                self.assertEqual(normalise(text), text)

    def test_a_variant_no_table_holds_stays(self):
        self.assertEqual(normalise("肃淸"), "肃淸")


class DocumentNumberKeyTests(SimpleTestCase):
    def test_every_bracket_form_becomes_the_canonical_one(self):
        for typed in (
            "金东政发[2023]12号",
            "金东政发(2023)12号",
            "金东政发（2023）12号",
            "金东政发【2023】12号",
            "金东政发［2023］12号",
            "金东政发{2023}12号",
            "金东政发〖2023〗12号",
            "金东政发〔2023〕12号",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(document_number_key(typed), "金东政发〔2023〕12号")

    def test_spaces_and_the_ordinal_before_the_serial_are_dropped(self):
        self.assertEqual(
            document_number_key("浙政办发 〔2023〕 第5号"), "浙政办发〔2023〕5号"
        )

    def test_a_bare_number_reads_the_four_digits_after_the_prefix_as_the_year(self):
        self.assertEqual(document_number_key("镇政发20247号"), "镇政发〔2024〕7号")
        self.assertEqual(document_number_key("镇政发199912号"), "镇政发〔1999〕12号")

    def test_digits_that_are_no_year_are_left_alone(self):
        # 30 is no century of a year the rule accepts (19xx, 20xx).
        self.assertEqual(document_number_key("镇政发30247号"), "镇政发30247号")
