"""严重错别字: every listed wrong form is caught; correct official prose gives no finding."""

from pathlib import Path

from django.test import SimpleTestCase

from ..spelling import PROTECTED_TERMS, find_misspellings

# Six State Council work reports (1954-2025) taken whole from ../shared/corpus.
SAMPLE = Path(__file__).parent / "fixtures" / "work_reports_sample.txt"


class PrecisionTests(SimpleTestCase):
    def test_real_work_reports_give_no_finding(self):
        text = SAMPLE.read_text(encoding="utf-8")
        self.assertGreater(len(text), 50_000)
        for term in ("中华人民共和国", "中国共产党", "国务院", "社会主义"):
            self.assertIn(term, text)  # the protected terms are there, spelt right
        self.assertEqual(find_misspellings(text), [])

    def test_the_correct_terms_themselves_are_never_flagged(self):
        text = (
            "。".join(PROTECTED_TERMS)
            + "。习近平总书记、李强总理在中华人民共和国国务院。"
        )
        self.assertEqual(find_misspellings(text), [])


class RecallTests(SimpleTestCase):
    def test_each_wrong_form_is_found_with_its_correction(self):
        for correct, wrongs in PROTECTED_TERMS.items():
            for wrong in wrongs:
                with self.subTest(wrong=wrong):
                    found = find_misspellings(
                        f"会议指出，{wrong}的各项工作取得新进展。"
                    )
                    self.assertEqual(
                        [(f.wrong, f.correct, f.severe) for f in found],
                        [(wrong, correct, True)],
                    )

    def test_the_seed_pages_missing_word_is_a_suspicion_not_a_veto(self):
        found = find_misspellings(
            "审议通过《中国共产党金华市金东区第五届委员会第四次全体会议关于的决议》"
        )
        self.assertEqual([(f.wrong, f.severe) for f in found], [("关于的决议", False)])
        self.assertEqual(find_misspellings("关于进一步加强管理的决议"), [])
