"""Second-stage ranking rules (ranking.py): title tier, body relevance, originals first."""

from django.test import SimpleTestCase

from gongkai.search.ranking import Candidate, rerank, title_matches

MEETING = [[["全体会议"]]]


class TitleMatchTests(SimpleTestCase):
    def test_counts_clauses_of_the_best_reading(self):
        readings = [[["区委"], ["全体会议"]], [["全会"]]]
        self.assertEqual(title_matches("区委五届四次全体会议举行", readings), 2)
        self.assertEqual(title_matches("区政府全体会议", readings), 1)
        self.assertEqual(title_matches("工作报告", readings), 0)

    def test_synonym_and_traditional_title_match(self):
        self.assertEqual(title_matches("社會保險費徵收", [[["社保", "社会保险"]]]), 1)


class RerankTests(SimpleTestCase):
    def test_long_title_with_more_body_relevance_beats_short_title(self):
        short = Candidate(1, "政府全体会议", score=5.0, body_score=1.0)
        long = Candidate(
            2,
            "区委五届四次全体会议举行：坚定不移深入践行八八战略",
            score=4.0,
            body_score=3.0,
        )
        self.assertEqual(
            [c.page_id for c in rerank([short, long], MEETING, {})], [2, 1]
        )

    def test_title_match_outranks_body_only_match(self):
        body_only = Candidate(1, "工作报告", score=9.0, body_score=9.0)
        titled = Candidate(2, "全体会议纪要", score=2.0, body_score=0.5)
        self.assertEqual(
            [c.page_id for c in rerank([body_only, titled], MEETING, {})], [2, 1]
        )

    def test_original_comes_before_its_interpretation_in_the_same_tier(self):
        graphic = Candidate(3, "图解：全体会议", score=6.0, body_score=5.0)
        original = Candidate(4, "全体会议举行", score=4.0, body_score=3.0)
        other = Candidate(5, "另一次全体会议", score=5.0, body_score=4.0)
        ordered = rerank([graphic, other, original], MEETING, {3: [4]})
        self.assertEqual([c.page_id for c in ordered], [4, 3, 5])

    def test_interpretation_stays_ahead_of_an_original_in_a_lower_tier(self):
        graphic = Candidate(3, "图解：全体会议", score=6.0, body_score=5.0)
        original = Candidate(4, "会议公报", score=4.0, body_score=3.0)
        self.assertEqual(
            [c.page_id for c in rerank([graphic, original], MEETING, {3: [4]})], [3, 4]
        )
