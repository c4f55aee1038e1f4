"""pinyin.py alone (pure): pinyin keys, what looks like pinyin, splitting typed pinyin
into known terms. (Initials and prefixes: test_pinyin_shortcuts.py.)"""

from django.test import SimpleTestCase

from gongkai.search.pinyin import (
    MAX_KEY,
    looks_like_pinyin,
    one_letter_off,
    pinyin_key,
    split_pinyin,
    substrings,
)

KNOWN = {
    "zheng": "正",
    "fu": "府",
    "zhengfu": "政府",
    "xinxi": "信息",
    "xin": "新",
    "xi": "西",
    "gongkai": "公开",
}


class PinyinKeyTests(SimpleTestCase):
    def test_syllables_are_joined_without_tones(self):
        self.assertEqual(pinyin_key("八八战略"), "babazhanlue")

    def test_u_umlaut_is_written_u(self):
        self.assertEqual(pinyin_key("绿色"), "luse")
        self.assertEqual(pinyin_key("女"), "nu")

    def test_characters_without_a_reading_are_ignored(self):
        self.assertEqual(pinyin_key("政府，"), "zhengfu")


class LooksLikePinyinTests(SimpleTestCase):
    def test_letters_spaces_and_apostrophes(self):
        self.assertTrue(looks_like_pinyin("zhengfu"))
        self.assertTrue(looks_like_pinyin("zheng fu"))
        self.assertTrue(looks_like_pinyin("xi'an"))

    def test_digits_han_or_no_letter_at_all_is_not_pinyin(self):
        self.assertFalse(looks_like_pinyin("zf2023"))
        self.assertFalse(looks_like_pinyin("政府"))
        self.assertFalse(looks_like_pinyin("' "))
        self.assertFalse(looks_like_pinyin(""))


class SubstringTests(SimpleTestCase):
    def test_every_run_of_each_part(self):
        self.assertEqual(substrings("ab c"), {"a", "ab", "b", "c"})

    def test_apostrophes_are_dropped_and_v_read_as_u(self):
        self.assertEqual(substrings("x'lv"), {"x", "xl", "xlu", "l", "lu", "u"})

    def test_runs_stop_at_the_longest_key(self):
        runs = substrings("a" * (MAX_KEY + 5))
        self.assertEqual(max(map(len, runs)), MAX_KEY)


class OneLetterOffTests(SimpleTestCase):
    def test_each_letter_replaced_by_each_other_letter(self):
        keys = one_letter_off("bada")
        self.assertIn("baba", keys)
        self.assertNotIn("bada", keys)
        self.assertEqual(len(keys), 4 * 25)
        self.assertTrue(all(len(k) == 4 for k in keys))


class SplitPinyinTests(SimpleTestCase):
    def test_a_part_is_tried_whole_first(self):
        self.assertEqual(split_pinyin("zhengfu", KNOWN), ["政府"])

    def test_a_run_is_split_into_the_fewest_known_keys(self):
        # zhengfu + xinxi (2 keys), not zheng + fu + xin + xi (4).
        self.assertEqual(split_pinyin("zhengfuxinxi", KNOWN), ["政府", "信息"])

    def test_parts_apostrophes_and_v(self):
        self.assertEqual(split_pinyin("zhengfu gongkai", KNOWN), ["政府", "公开"])
        self.assertEqual(split_pinyin("zheng'fu", KNOWN), ["政府"])
        self.assertEqual(split_pinyin("lv", {"lu": "绿"}), ["绿"])

    def test_a_part_no_known_key_spells_gives_none(self):
        self.assertIsNone(split_pinyin("zhengfuq", KNOWN))
        self.assertIsNone(split_pinyin("zhengfu qq", KNOWN))
        self.assertIsNone(split_pinyin("", KNOWN))
