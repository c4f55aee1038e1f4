"""Pinyin typed short (issue #14): initials only (gjj → 公积金, zfxxgk → 政府信息公开)
and the last syllable cut short (zhengfuxinxig → 政府信息公开), through /api/search/
on the real index (SQLite, and PostgreSQL with DATABASE_URL)."""

from django.test import SimpleTestCase, TestCase

from gongkai.core.tests.factories import create_column
from gongkai.search import analysis
from gongkai.search.indexing import rebuild_index
from gongkai.search.models import SearchTerm
from gongkai.search.pinyin import (
    MAX_INITIALS,
    could_be_initials,
    could_be_prefix,
    fits_pattern,
    initials_key,
    mixed_patterns,
    pattern_initials,
    prefix_range,
    rank_readings,
    word_syllables,
)

from .factories import create_indexed_article


class PinyinShortFormRuleTests(SimpleTestCase):
    def test_initials_are_one_letter_a_syllable(self):
        self.assertEqual(initials_key("政府信息公开"), "zfxxgk")
        self.assertEqual(initials_key("公积金"), "gjj")
        self.assertEqual(initials_key("战略"), "zl")  # zh is z
        self.assertEqual(initials_key("绿色"), "ls")  # ü written u, never v

    def test_whole_syllables_mixed_with_initials(self):
        self.assertIn(("zh", "f", "x", "x", "g", "k"), mixed_patterns("zhfxxgk"))
        readings = mixed_patterns("zhengfuxxgk")
        self.assertIn(("zheng", "fu", "x", "x", "g", "k"), readings)
        self.assertTrue(all(len(r) <= MAX_INITIALS for r in readings))
        # Nothing after the first piece starts with a vowel: zh|eng is zheng.
        self.assertNotIn(("zh", "eng", "fu"), mixed_patterns("zhengfu"))
        self.assertIn(("zhen", "g", "fu"), mixed_patterns("zhengfu"))
        self.assertEqual(mixed_patterns("gongkai"), [])  # whole syllables only
        self.assertEqual(mixed_patterns("zh1"), [])
        word = word_syllables("政府信息公开")
        self.assertTrue(fits_pattern(word, ("zheng", "fu", "x", "x", "g", "k")))
        self.assertTrue(fits_pattern(word, ("z", "f", "x", "x", "g", "k")))
        self.assertFalse(fits_pattern(word, ("zhang", "fu", "x", "x", "g", "k")))
        self.assertFalse(fits_pattern(word, ("ch", "f", "x", "x", "g", "k")))
        self.assertEqual(pattern_initials(("zheng", "fu", "x")), "zfx")

    def test_initials_need_three_letters_at_least(self):
        self.assertFalse(could_be_initials("gj"))
        self.assertTrue(could_be_initials("gjj"))
        self.assertFalse(could_be_initials("g" * (MAX_INITIALS + 1)))
        self.assertFalse(could_be_initials("gj1"))

    def test_a_prefix_is_long_enough_and_holds_a_vowel(self):
        self.assertTrue(could_be_prefix("zhengfuxinxig"))
        self.assertFalse(could_be_prefix("zheng"[:4]))  # too short to say which word
        self.assertFalse(could_be_prefix("zfxxgk"))  # consonants only: initials

    def test_prefix_range_bounds_every_key_with_the_prefix(self):
        low, high = prefix_range("zhengfuxinxig")
        self.assertEqual((low, high), ("zhengfuxinxig", "zhengfuxinxih"))
        for key in ("zhengfuxinxigongkai", "zhengfuxinxigz"):
            self.assertTrue(low < key < high)
        self.assertEqual(prefix_range("abz"), ("abz", "ac"))
        self.assertEqual(prefix_range("zz"), ("zz", None))

    def test_readings_are_ranked_by_frequency_and_capped(self):
        rows = [("国家级", 3), ("公积金", 9), ("高精尖", 1), ("公积金", 2)]
        self.assertEqual(rank_readings(rows, limit=2), ["公积金", "国家级"])
        self.assertEqual(
            rank_readings(rows, limit=8, exclude="公积金"), ["国家级", "高精尖"]
        )


class PinyinShortFormSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        column = create_column(title="通知公告")
        with cls.captureOnCommitCallbacks(execute=True):
            cls.fund = create_indexed_article(
                column=column,
                title="关于调整住房公积金缴存基数的通知",
                body="公积金缴存基数上下限调整，公积金提取办法不变。",
            )
            cls.fund_loan = create_indexed_article(
                column=column, title="公积金贷款额度说明", body="公积金贷款。"
            )
            cls.national = create_indexed_article(
                column=column, title="国家级开发区名单", body="国家级经济技术开发区。"
            )
            cls.report = create_indexed_article(
                column=column,
                title="2023年政府信息公开工作年度报告",
                body="本机关政府信息公开工作情况。",
            )
            cls.smoking = create_indexed_article(
                column=column, title="公共场所禁止吸烟的通告", body="禁止吸烟。"
            )
            cls.troupe = create_indexed_article(
                column=column, title="西演剧团春节演出安排", body="西演剧团演出。"
            )
        # One rebuild: frequencies counted over the whole site in one batch.
        rebuild_index()

    def setUp(self):
        analysis.reset()

    def api(self, q):
        response = self.client.get("/api/search/", {"q": q})
        self.assertEqual(response.status_code, 200)
        return response.json()

    def ids(self, data):
        return {hit["page_id"] for hit in data["hits"]}

    def test_initials_find_the_word(self):
        data = self.api("gjj")
        self.assertLessEqual({self.fund.pk, self.fund_loan.pk}, self.ids(data))
        self.assertEqual(data["corrected_text"], "")
        data = self.api("zfxxgk")
        self.assertIn(self.report.pk, self.ids(data))
        self.assertIn("政府信息公开", data["expanded_terms"])

    def test_every_word_with_the_initials_is_searched_most_frequent_first(self):
        data = self.api("gjj")
        self.assertIn(self.national.pk, self.ids(data))  # 国家级 is gjj too
        terms = data["expanded_terms"]
        self.assertLess(terms.index("公积金"), terms.index("国家级"))
        self.assertLessEqual(
            {self.fund.pk, self.fund_loan.pk, self.national.pk}, self.ids(data)
        )

    def test_two_initials_are_not_expanded(self):
        data = self.api("gj")
        self.assertNotIn("公积金", data["expanded_terms"])
        self.assertEqual(self.ids(data), set())

    def test_initials_that_name_no_index_word_find_nothing(self):
        """No letter-by-letter expansion into characters: qqq names no indexed word."""
        self.assertFalse(SearchTerm.objects.filter(initials="qqq").exists())
        data = self.api("qqq")
        self.assertEqual(data["expanded_terms"], [])
        self.assertEqual(data["total"], 0)

    def test_whole_syllables_mixed_with_initials_find_the_word(self):
        """zh typed as the initial, or whole syllables then initials (issue #14)."""
        for typed in ("zhfxxgk", "zhengfuxxgk", "zhengfu xxgk", "zhengfuxinxgk"):
            with self.subTest(typed=typed):
                data = self.api(typed)
                self.assertIn(self.report.pk, self.ids(data))
                self.assertIn("政府信息公开", data["expanded_terms"])
        # A whole syllable must be the word's own: zhangfu xxgk names no word.
        self.assertNotIn("政府信息公开", self.api("zhangfuxxgk")["expanded_terms"])

    def test_last_syllable_cut_short_finds_the_word(self):
        data = self.api("zhengfuxinxig")
        self.assertIn(self.report.pk, self.ids(data))
        self.assertIn("政府信息公开", data["expanded_terms"])
        data = self.api("gongjij")
        self.assertLessEqual({self.fund.pk, self.fund_loan.pk}, self.ids(data))

    def test_whole_reading_searches_every_word_read_so(self):
        self.assertLessEqual(
            {self.smoking.pk, self.troupe.pk}, self.ids(self.api("xiyan"))
        )

    def test_words_indexed_later_get_their_initials(self):
        with self.captureOnCommitCallbacks(execute=True):
            page = create_indexed_article(title="全区秋季运动会通知", body="运动会。")
        self.assertEqual(SearchTerm.objects.get(word="运动会").initials, "ydh")
        self.assertIn(page.pk, self.ids(self.api("ydh")))
