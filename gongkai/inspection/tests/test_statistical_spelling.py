"""疑似错别字, the statistical check (statistical_spelling.py, site_spelling.py).

The site's text is the fixture sample of six work reports (2025, 2024, 2018, 1992,
1978, 1954); the clean text checked is two paragraphs of the 2023 report, which the
sample does not hold (fixtures/statistical_clean.txt). Misspellings are planted in it
one at a time (one character of an ordinary word replaced by a confusion)."""

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from gongkai.catalog.tests.factories import create_published_article
from gongkai.search import lm_store, result_cache
from gongkai.search.models import SearchTerm, SearchTermKey, StoredLanguageModel
from gongkai.search.normalisation import normalise
from gongkai.search.pinyin import initials_key, pinyin_key
from gongkai.search.segmentation import Segmenter, is_han

from ..site_spelling import site_resources, site_suspects
from ..spelling import NATIONAL
from ..statistical_spelling import (
    DEFAULT_THRESHOLDS,
    Resources,
    Suspect,
    confidence_of,
    find_suspects,
    memory_resources,
)
from .test_inspection import InspectionTestCase

FIXTURES = Path(__file__).parent / "fixtures"
SITE_TEXT = (FIXTURES / "work_reports_sample.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "statistical_clean.txt").read_text(encoding="utf-8")

# (right word in CLEAN, the word as mistyped, the kind of confusion)
PLANTED = (
    ("基本稳定", "基本稳订", "同音"),
    ("市场体系", "市场体习", "同音"),
    ("营商环境", "营商环竞", "同音"),
    ("实体经济", "实体经记", "同音"),
    ("平稳运行", "平稳运形", "同音"),
    ("投资", "投姿", "同音"),
    ("服务", "服雾", "同音"),
    ("质量", "子量", "近音"),
    ("产能", "产棱", "近音"),
    ("持续", "持读", "形近"),
    ("市场准入", "市场准八", "形近"),
)


@cache
def site() -> Resources:
    return memory_resources([SITE_TEXT])[0]


def planted(right: str, wrong: str) -> tuple[str, int]:
    at = CLEAN.index(right)
    return CLEAN[:at] + wrong + CLEAN[at + len(right) :], at


def restored(text: str, suspect: Suspect) -> str:
    """The text with the correction put in place of the flagged span."""
    end = suspect.offset + len(suspect.wrong)
    return text[: suspect.offset] + suspect.correct + text[end:]


class StatisticalCheckTests(SimpleTestCase):
    def test_the_clean_sample_yields_no_finding(self):
        self.assertGreater(len(CLEAN), 1000)
        self.assertEqual(find_suspects(CLEAN, site()), [])

    def test_each_planted_misspelling_is_found_with_its_correction(self):
        for right, wrong, kind in PLANTED:
            with self.subTest(wrong=wrong):
                text, at = planted(right, wrong)
                suspects = find_suspects(text, site())
                self.assertEqual(len(suspects), 1, suspects)
                suspect = suspects[0]
                self.assertEqual(suspect.kind, kind)
                # The correction, put in place of the flagged span, restores the text.
                self.assertEqual(restored(text, suspect), CLEAN)
                changed = next(
                    i
                    for i, (a, b) in enumerate(zip(text, CLEAN, strict=True))
                    if a != b
                )
                self.assertTrue(at <= changed < at + len(right))
                self.assertTrue(
                    suspect.offset <= changed < suspect.offset + len(suspect.wrong)
                )
                self.assertIn(suspect.wrong, suspect.context)
                self.assertGreater(suspect.confidence, 0.9)

    def test_a_word_of_the_site_vocabulary_is_never_flagged(self):
        """厚植 is a rare right word: flagged (植工 → 职工) while the site never wrote
        it, left alone once the site writes it (its vocabulary) ..."""
        text = "厚植工匠文化，弘扬劳模精神。"
        self.assertEqual(
            [(s.wrong, s.correct) for s in find_suspects(text, site())],
            [("植工", "职工")],
        )
        writes_it = memory_resources([SITE_TEXT, "要厚植发展优势。" * 3])[0]
        self.assertEqual(find_suspects(text, writes_it), [])

    def test_a_word_of_the_editors_dictionary_is_never_flagged(self):
        text = "严格落实“四个不摘”要求。"
        self.assertEqual(
            [(s.wrong, s.correct) for s in find_suspects(text, site())],
            [("不摘", "不再")],
        )
        with_term = memory_resources([SITE_TEXT], Segmenter(["四个不摘"]))[0]
        self.assertEqual(find_suspects(text, with_term), [])

    def test_protected_terms_are_left_to_the_listed_rule(self):
        for text in ("学习习近乎总书记重要讲话。", "中国共产档的领导。"):
            with self.subTest(text=text):
                self.assertEqual(find_suspects(text, site()), [])
        # An organisation's own term too.
        text, _at = planted("营商环境", "营商环竞")
        self.assertEqual(find_suspects(text, site(), protected=["营商环竞"]), [])

    def test_traditional_characters_are_not_corrected_to_simplified(self):
        self.assertEqual(
            find_suspects("建設高標準市場體系，營造營商環境。", site()), []
        )

    def test_the_threshold_is_a_real_bar(self):
        """The planted slips clear the default thresholds; far higher ones drop them
        (the thresholds decide, not the candidate search)."""
        text, _at = planted("基本稳定", "基本稳订")
        (suspect,) = find_suspects(text, site())
        self.assertGreaterEqual(suspect.gain, DEFAULT_THRESHOLDS.homophone)
        strict = type(DEFAULT_THRESHOLDS)(
            homophone=suspect.gain + 1, fuzzy=99, shape=99
        )
        self.assertEqual(find_suspects(text, site(), thresholds=strict), [])
        self.assertAlmostEqual(confidence_of(0.0), 0.5)


def store_site_text(texts: list[str]) -> None:
    """The site's model and vocabulary stored as search stores them (lm_store for the
    model; the index's SearchTerm / SearchTermKey vocabulary)."""
    from gongkai.search.corrections import wildcard_keys
    from gongkai.search.language_model import CharModel

    normalised = [normalise(text) for text in texts]
    model = CharModel.from_texts(normalised, order=lm_store.ORDER)
    StoredLanguageModel.objects.update_or_create(
        pk=1,
        defaults={
            "generation": result_cache.current_generation(),
            "built_at": timezone.now(),
            "characters": model.characters,
            "data": model.to_bytes(),
        },
    )
    segmenter = Segmenter()
    counts = Counter(
        word
        for text in normalised
        for word in set(segmenter.index_words(text))
        if 2 <= len(word) <= 8 and is_han(word)
    )
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(
                word=word,
                pinyin=pinyin_key(word),
                initials=initials_key(word),
                frequency=count,
            )
            for word, count in counts.items()
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    SearchTermKey.objects.bulk_create(
        [
            SearchTermKey(key=key, word=word)
            for word in counts
            for key in wildcard_keys(word)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )


class SiteModelTests(TestCase):
    """The check with the site's stored model and index vocabulary (site_spelling)."""

    @classmethod
    def setUpTestData(cls):
        store_site_text([SITE_TEXT])

    def setUp(self):
        for forget in (result_cache.clear, lm_store.forget_loaded):
            forget()
            self.addCleanup(forget)
        result_cache.forget_versions()

    def test_without_a_stored_model_there_is_no_statistical_finding(self):
        StoredLanguageModel.objects.all().delete()
        result_cache.forget_versions()
        text, _at = planted("营商环境", "营商环竞")
        self.assertIsNone(site_resources())
        self.assertEqual(site_suspects(text, NATIONAL), [])

    def test_the_stored_model_finds_the_planted_misspelling(self):
        self.assertEqual(site_suspects(CLEAN, NATIONAL), [])
        text, _at = planted("营商环境", "营商环竞")
        suspects = site_suspects(text, NATIONAL)
        (suspect,) = suspects
        self.assertIn("环竞", suspect.wrong)
        self.assertEqual(restored(text, suspect), CLEAN)

    def test_the_model_is_loaded_once_per_stored_generation(self):
        first = lm_store.get_model()
        self.assertIsNotNone(first)
        self.assertIs(lm_store.get_model(), first)


class SiteRunTests(InspectionTestCase):
    """`gongkai inspect`: a 疑似错别字 on a published item page is a 提示 (NOTICE) of
    its own rule, with its correction; it deducts nothing and vetoes nothing."""

    SUMMARY = CLEAN[CLEAN.index("推动产业向中高端迈进") :][:200]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.slip = create_published_article(
            column=cls.news,
            publisher=cls.own.organisation,
            title="推动产业向中高端迈进",
            summary=cls.SUMMARY.replace("平稳运行", "平稳运形"),
            published_at=timezone.now() - timedelta(days=1),
        )
        store_site_text([SITE_TEXT])

    def setUp(self):
        for forget in (result_cache.clear, lm_store.forget_loaded):
            forget()
            self.addCleanup(forget)
        result_cache.forget_versions()
        super().setUp()

    def test_the_run_reports_it_as_a_notice(self):
        from ..rules import Severity
        from ..services import inspect_site

        report = inspect_site(site=self.site)
        suspected = [
            f for f in report.findings if f.rule_code == "suspected_misspelling"
        ]
        self.assertEqual([f.page_id for f in suspected], [self.slip.pk])
        self.assertIs(suspected[0].severity, Severity.NOTICE)
        self.assertIn("运形”疑为“", suspected[0].message)
        # The other items' text (clean) has none; the listed rule still finds 习近乎.
        self.assertIn(
            self.misspelt.pk,
            [f.page_id for f in report.findings if f.rule_code == "misspelling"],
        )


class PublishedSlipTests(SimpleTestCase):
    def test_a_slip_the_site_model_holds_is_still_found(self):
        """The site run: the published page, slip included, is in the model and the
        vocabulary; the page is judged with its own text left out."""
        text, _at = planted("营商环境", "营商环竞")
        with_page = memory_resources([SITE_TEXT, text])[0]
        (suspect,) = find_suspects(text, with_page)
        self.assertEqual(restored(text, suspect), CLEAN)
        # Without leaving the page out, its own n-grams vouch for the slip.
        as_is = replace(with_page, page_view=None)
        self.assertEqual(find_suspects(text, as_is), [])
