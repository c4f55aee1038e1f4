import datetime

from django.test import TestCase
from django.utils import timezone

from gongkai.core.tests.factories import create_column, create_organisation
from gongkai.search import analysis
from gongkai.search.results import SearchQuery, SortOrder
from gongkai.search.selectors import search_items

from .factories import create_indexed_article


def search(text: str = "", **kwargs):
    return search_items(query=SearchQuery(text=text, **kwargs))


class SearchItemsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):  # index tasks run on commit
            cls._create_items()

    @classmethod
    def _create_items(cls):
        cls.column = create_column(title="全体会议")
        cls.org = create_organisation(name="金华市金东区人民政府办公室")
        cls.meeting = create_indexed_article(
            column=cls.column,
            publisher=cls.org,
            title="区委五届四次全体会议举行",
            published_at=timezone.make_aware(datetime.datetime(2023, 3, 1, 9)),
            body="会议深入学习贯彻八八战略，研究部署社会保险工作。",
        )
        cls.other = create_indexed_article(
            column=cls.column,
            publisher=cls.org,
            title="关于做好2023年防汛防台工作的通知",
            published_at=timezone.make_aware(datetime.datetime(2023, 6, 1, 9)),
            body="各乡镇街道要落实政府信息公开要求，做好防汛准备。",
            document_number="金东政发〔2023〕12号",
        )

    def setUp(self):
        analysis.reset()

    def test_word_in_mid_sentence_matches(self):
        """A word inside a run of Han characters is found (stock FTS cannot)."""
        results = search("全体会议")
        self.assertEqual([h.page_id for h in results.hits], [self.meeting.pk])
        self.assertIn("<mark>全体会议</mark>", results.hits[0].title_html)

    def test_one_and_two_character_queries_match(self):
        for text in ("汛", "防汛", "五届"):
            with self.subTest(text=text):
                self.assertGreater(search(text).total, 0)

    def test_facets_are_counted(self):
        results = search("工作")
        publisher = next(f for f in results.facets if f.name == "publisher")
        self.assertEqual(publisher.values[0].label, self.org.name)
        self.assertEqual(publisher.values[0].count, 2)

    def test_document_number_query_goes_to_the_item(self):
        for text in (
            "金东政发〔2023〕12号",
            "金东政发[2023]12号",
            "金东政发【2023】12号",
            "金东政发(2023)12号",
        ):
            with self.subTest(text=text):
                results = search(text)
                self.assertEqual(results.direct_url, self.other.get_url())

    def test_document_number_typed_without_brackets_goes_to_the_item(self):
        for text in (
            "金东政发202312号",
            "金东政发 2023 12 号",
            "金东政发２０２３１２号",
            "金东政发〔2023〕第12号",
        ):
            with self.subTest(text=text):
                self.assertEqual(search(text).direct_url, self.other.get_url())

    def test_index_number_in_any_stored_format_goes_to_the_item(self):
        from gongkai.search.models import SearchDocument

        for stored in (
            "11330703MB1234567X/2023-00012",
            "JD-2023-0012",
            "330703.2023.12",
            "002937156_2023_7",
        ):
            with self.subTest(stored=stored):
                SearchDocument.objects.filter(pk=self.other.pk).update(
                    index_number=stored
                )
                for typed in (stored, stored.lower(), f" {stored} "):
                    self.assertEqual(search(typed).direct_url, self.other.get_url())

    def test_traditional_and_full_width_queries_are_normalised(self):
        self.assertEqual(search("全體會議").hits[0].page_id, self.meeting.pk)
        self.assertEqual(search("２０２３").total, 1)

    def test_synonym_expands_the_query(self):
        results = search("社保")
        self.assertEqual([h.page_id for h in results.hits], [self.meeting.pk])
        self.assertIn("社会保险", results.expanded_terms)

    def test_two_items_are_too_little_text_to_correct_by(self):
        """The corrector's language model is built from the index's own text: two
        items give no confident evidence, so nothing is rewritten (precision first;
        the demo site corrects the same query, test_demo_search)."""
        results = search("正府信息公开")
        self.assertEqual(results.corrected_text, "")
        self.assertEqual(results.total, 0)

    def test_each_corrected_word_is_searched_with_what_was_typed(self):
        """正府信息公开 → 政府信息公开 (one word to the segmenter) searches
        政府信息公开 | 正府信息公开: a wrong correction cannot hide a page holding
        the typed word."""
        from gongkai.search.understanding import understand_correction

        understood = understand_correction("正府信息公开", "政府信息公开")
        clauses = [[a.text for a in c] for c in understood.readings[0].clauses]
        self.assertEqual(clauses, [["政府信息公开", "正府信息公开"]])
        understood = understand_correction("正府 信息", "政府 信息")
        clauses = [[a.text for a in c] for c in understood.readings[0].clauses]
        self.assertEqual(clauses, [["政府", "正府"], ["信息"]])

    def test_a_correction_is_only_offered_when_the_typed_query_finds_results(self):
        """The corrector is stubbed here to offer one for a query that finds
        results (the real one decides by the index's language model, see
        test_corrections): the typed query's results stay, the correction is a
        suggestion."""
        from unittest import mock

        with mock.patch(
            "gongkai.search.selectors.correct", return_value="全体会议"
        ) as correct:
            results = search("全体会议")
        correct.assert_called_once()
        self.assertEqual(results.corrected_text, "")
        self.assertEqual(results.suggested_text, "全体会议")
        self.assertEqual([h.page_id for h in results.hits], [self.meeting.pk])

    def test_correct_words_are_never_rewritten(self):
        """Words of the dictionary or the index find nothing here, yet come back as
        typed: once 公积金 became 公共金, 国务院 国医院, 政府信息 政务信息 (issue #14)."""
        with self.captureOnCommitCallbacks(execute=True):  # index tasks run on commit
            create_indexed_article(
                column=self.column, title="公共金融与东区医院", body="搬迁 政务信息"
            )
        for text in (
            "公积金",
            "学区划分",
            "拆迁补偿",
            "国务院",
            "政府信息 国务院",
            "公积金缴存",
        ):
            with self.subTest(text=text):
                self.assertEqual(search(text).corrected_text, "")

    def test_pinyin_query_finds_the_chinese_term(self):
        for text in ("bada zhanlue", "babazhanlue", "baba zhanlue"):
            with self.subTest(text=text):
                self.assertEqual(
                    [h.page_id for h in search(text).hits], [self.meeting.pk]
                )

    def test_pinyin_query_finds_every_word_read_so(self):
        """gongshi is 公示 and 公式 alike (xiyan 吸烟 and 西演): both are searched (issue #14)."""
        with self.captureOnCommitCallbacks(execute=True):  # index tasks run on commit
            notice = create_indexed_article(
                column=self.column, title="拟任干部公示", body="公示期五天。"
            )
            formula = create_indexed_article(
                column=self.column, title="计算公式说明", body="按公式计算。"
            )
        found = {h.page_id for h in search("gongshi").hits}
        self.assertLessEqual({notice.pk, formula.pk}, found)

    def test_title_only_ignores_body_matches(self):
        self.assertEqual(search("八八战略").total, 1)
        self.assertEqual(search("八八战略", title_only=True).total, 0)

    def test_facet_filter_and_sorting(self):
        publisher = str(self.org.pk)
        results = search("", filters={"publisher": (publisher,)}, sort=SortOrder.OLDEST)
        self.assertEqual(
            [h.page_id for h in results.hits], [self.meeting.pk, self.other.pk]
        )
        newest = search("", sort=SortOrder.NEWEST)
        self.assertEqual(
            [h.page_id for h in newest.hits], [self.other.pk, self.meeting.pk]
        )
        self.assertEqual(search("会议", filters={"publisher": ("999999",)}).total, 0)

    def test_selected_facet_still_lists_its_other_values(self):
        results = search("", filters={"year": ("1999",)})
        year = next(f for f in results.facets if f.name == "year")
        self.assertEqual(results.total, 0)
        self.assertGreater(sum(v.count for v in year.values), 0)

    def test_scope_and_pagination(self):
        self.assertEqual(search("", scope_page_id=self.column.pk).total, 2)
        second = search("", per_page=1, page=2, sort=SortOrder.NEWEST)
        self.assertEqual([h.page_id for h in second.hits], [self.meeting.pk])
        self.assertEqual(search("", page=99).hits, [])

    def test_punctuation_only_query_gets_a_message(self):
        results = search("。，！？")
        self.assertEqual(results.total, 0)
        self.assertIn("没有可检索的文字", results.message)


class FirstStageBlockTests(TestCase):
    """The counting statement brings the block of best matches that ranking starts
    from (IndexBackend.block_sql): the same rows, titles and scores as `ranked`
    reads in statements of its own, with no further statement."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.items = [
                create_indexed_article(
                    title=title,
                    body=body,
                    published_at=timezone.make_aware(datetime.datetime(2023, 1, n, 9)),
                )
                for n, (title, body) in enumerate(
                    [
                        ("防汛工作会议召开", "会议部署防汛工作。"),
                        ("关于防汛物资的通知", "各单位做好防汛物资储备。"),
                        ("全体会议举行", "会议研究社会保险和防汛。"),
                        ("社会保险缴费通知", "社会保险缴费基数调整。"),
                    ],
                    start=1,
                )
            ]

    def setUp(self):
        analysis.reset()

    def block_and_ranked(self, text: str):
        from gongkai.search import index_store, ranking, selectors
        from gongkai.search.models import SearchDocument
        from gongkai.search.understanding import understand

        query = SearchQuery(text=text)
        understood = understand(text)
        index = index_store.backend()
        with index.index_scans():
            base = selectors._matching(query, understood)
            _counts, _sample, block = selectors._exact_counts(
                query, understood, base, estimate=None
            )
            ranked = index.ranked(
                SearchDocument.objects.all(),
                index.expression(understood),
                start=0,
                stop=ranking.RERANK_DEPTH,
                with_body_score=True,
            )
        return block, ranked

    def test_the_block_is_what_ranked_reads(self):
        for text in ("防汛", "会议", "社会保险", "通知"):
            with self.subTest(text):
                block, ranked = self.block_and_ranked(text)
                self.assertGreater(len(block), 1)
                self.assertEqual(
                    [row[:2] for row in block], [row[:2] for row in ranked]
                )
                for got, want in zip(block, ranked, strict=True):
                    self.assertAlmostEqual(got[2], want[2], places=5)
                    self.assertAlmostEqual(got[3], want[3], places=5)

    def test_a_new_query_reads_the_index_once(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as statements:
            results = search("防汛")
        self.assertEqual(results.total, 3)
        sql = [q["sql"] for q in statements.captured_queries]
        text_reads = [s for s in sql if "to_tsquery" in s or " MATCH " in s]
        self.assertEqual(len(text_reads), 1, text_reads)
        self.assertFalse([s for s in sql if s.startswith("SELECT page_id, title")])

    def test_no_match_reads_the_index_once(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as statements:
            results = search("殡葬")
        self.assertEqual(results.total, 0)
        text_reads = [
            q["sql"]
            for q in statements.captured_queries
            if "to_tsquery" in q["sql"] or " MATCH " in q["sql"]
        ]
        # As typed, then thoroughly (unit phrases): no ranking statement after either.
        self.assertEqual(len(text_reads), 2, text_reads)

    def test_postgresql_scores_no_block_past_its_limit(self):
        """More matches than POSTGRES_SCORED_MATCHES: the statement scores none (the
        condition inside it), and the search ranks title matches first instead."""
        from unittest import mock

        from django.db import connection

        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's scoring limit")
        from gongkai.search import index_store, selectors
        from gongkai.search.index_backends import postgres
        from gongkai.search.understanding import understand

        index = index_store.backend()
        understood = understand("防汛")
        base = selectors._matching(SearchQuery(text="防汛"), understood)
        expression = index.expression(understood)
        for limit, rows in ((3, 3), (2, 0)):
            with self.subTest(limit=limit):
                with mock.patch.object(postgres, "POSTGRES_SCORED_MATCHES", limit):
                    block = index.block_sql(expression, title_only=False, depth=100)
                counts = selectors._counts(base, block=block)
                self.assertEqual(
                    (counts["total"][0][1], len(counts["block"])), (3, rows)
                )
        with mock.patch.object(postgres, "POSTGRES_SCORED_MATCHES", 2):
            block, _ranked = self.block_and_ranked("防汛")
            self.assertIsNone(block)
            results = search("防汛")
        self.assertEqual(results.total, 3)
        titled = {i.pk for i in self.items if "防汛" in i.title}
        self.assertEqual({h.page_id for h in results.hits[:2]}, titled)


class IndexUpkeepTests(TestCase):
    def setUp(self):
        analysis.reset()

    def test_publish_indexes_and_unpublish_removes(self):
        """Publishing adds an item to the index through the task queue; unpublishing
        removes it."""
        with self.captureOnCommitCallbacks(execute=True):
            item = create_indexed_article(title="关于开展垃圾分类宣传周活动的通知")
        self.assertEqual([h.page_id for h in search("垃圾分类").hits], [item.pk])
        with self.captureOnCommitCallbacks(execute=True):
            item.unpublish()
        self.assertEqual(search("垃圾分类").total, 0)

    def test_rebuild_command_reports_progress(self):
        from io import StringIO

        from django.core.management import call_command

        with self.captureOnCommitCallbacks(execute=True):
            create_indexed_article(title="城乡居民医疗保险参保缴费公告")
        out = StringIO()
        call_command("search", "rebuild", "--public-only", stdout=out)
        self.assertIn("已索引 1 / 1", out.getvalue())
        self.assertEqual(search("医保").total, 1)


class BroadQueryTests(TestCase):
    """A broad match (thresholds lowered here): title matches ranked first, pages never
    repeat or skip an item, the total stays exact, facet counts may be estimates."""

    @classmethod
    def setUpTestData(cls):
        cls.column = create_column(title="工作动态")
        with cls.captureOnCommitCallbacks(execute=True):
            cls.items = [
                create_indexed_article(
                    column=cls.column,
                    title=f"第{n}期防汛简报" if n % 3 == 0 else f"第{n}期工作简报",
                    published_at=timezone.make_aware(
                        datetime.datetime(2023, 1, 1 + n, 9)
                    ),
                    body="各地做好防汛准备。" if n % 3 else "本期通报工作进展。",
                )
                for n in range(12)
            ]

    def setUp(self):
        analysis.reset()

    def test_broad_query_pages_are_a_partition_with_title_matches_first(self):
        """A broad query is counted on a sample of id windows (estimated, on both
        databases), its first results are the newest title matches, and its pages
        still hold every match once."""
        from unittest import mock

        with (
            mock.patch("gongkai.search.ranking.BROAD_MATCHES", 3),
            mock.patch("gongkai.search.selectors.SAMPLE_DOCUMENTS", 6),
            mock.patch("gongkai.search.selectors.BROAD_CANDIDATES", 2),
        ):
            analysis.reset()
            pages = [search("汛", per_page=5, page=n) for n in (1, 2, 3)]
        ids = [h.page_id for results in pages for h in results.hits]
        self.assertTrue(pages[0].total_estimated)
        self.assertTrue(pages[0].facets_estimated)
        self.assertTrue(9 <= pages[0].total <= 15, pages[0].total)
        self.assertEqual(sorted(ids), sorted(i.pk for i in self.items))
        newest_titles = [
            i.pk for i in sorted(self.items, key=lambda i: -i.pk) if "防汛" in i.title
        ][:2]
        self.assertEqual([h.page_id for h in pages[0].hits[:2]], newest_titles)
        # After the block, the other matches newest first.
        rest = [i for i in ids if i not in newest_titles]
        self.assertEqual(rest, sorted(rest, reverse=True))
        column = next(f for f in pages[0].facets if f.name == "column")
        self.assertEqual(column.values[0].label, "工作动态")
        self.assertGreater(column.values[0].count, 0)

    def test_broad_query_sorted_by_date_pages_through_every_match_in_order(self):
        from unittest import mock

        for sort, newest_first in ((SortOrder.NEWEST, True), (SortOrder.OLDEST, False)):
            with (
                self.subTest(sort=sort),
                mock.patch("gongkai.search.ranking.BROAD_MATCHES", 3),
                mock.patch("gongkai.search.selectors.SAMPLE_DOCUMENTS", 6),
            ):
                analysis.reset()
                pages = [search("汛", sort=sort, per_page=5, page=n) for n in (1, 2, 3)]
                self.assertTrue(pages[0].total_estimated)
                hits = [h for results in pages for h in results.hits]
                expected = sorted(
                    self.items, key=lambda i: i.published_at, reverse=newest_first
                )
                self.assertEqual([h.page_id for h in hits], [i.pk for i in expected])

    def test_too_many_matches_to_score_rank_title_matches_first_then_newest(self):
        """PostgreSQL past POSTGRES_SCORED_MATCHES (reading every tsvector to score it
        costs too much): exact counts, the best title matches, then the rest newest first."""
        from unittest import mock

        from gongkai.search import index_store

        with mock.patch.object(
            index_store.backend(), "scores_every_match", lambda total: False
        ):
            pages = [search("汛", per_page=5, page=n) for n in (1, 2, 3)]
        self.assertFalse(pages[0].total_estimated)
        self.assertEqual(pages[0].total, 12)
        ids = [h.page_id for results in pages for h in results.hits]
        titled = {i.pk for i in self.items if "防汛" in i.title}
        self.assertEqual(set(ids[:4]), titled)
        self.assertEqual(ids[4:], sorted(set(ids) - titled, reverse=True))

    def test_a_narrow_query_in_a_sampled_index_is_counted_exactly(self):
        from unittest import mock

        with (
            mock.patch("gongkai.search.ranking.BROAD_MATCHES", 6),
            mock.patch("gongkai.search.selectors.SAMPLE_DOCUMENTS", 6),
        ):
            analysis.reset()
            results = search('"防汛简报"')
        self.assertFalse(results.total_estimated)
        self.assertEqual(results.total, 4)
        self.assertEqual(
            sorted(h.page_id for h in results.hits),
            sorted(i.pk for i in self.items[::3]),
        )

    def test_several_words_are_estimated_only_when_broad(self):
        """An AND of words is first counted among the newest ids (SQLite), then, when
        that predicts a broad match, on the whole sample; a narrow one is exact."""
        from unittest import mock

        from django.db import connection

        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL counts every query on its sample buckets first")
        with (
            mock.patch("gongkai.search.ranking.BROAD_MATCHES", 6),
            mock.patch("gongkai.search.selectors.SAMPLE_DOCUMENTS", 6),
        ):
            analysis.reset()
            broad = search("防汛 简报")  # all 12
            narrow = search("防汛 通报")  # the 4 bodies 本期通报工作进展
        self.assertTrue(broad.total_estimated)
        self.assertFalse(narrow.total_estimated)
        self.assertEqual(narrow.total, 4)
        self.assertEqual(
            sorted(h.page_id for h in narrow.hits),
            sorted(i.pk for i in self.items[::3]),
        )

    def test_clauses_most_documents_hold_are_left_out_of_scoring_only(self):
        """SQLite's bm25 reads the whole list of every clause to weigh it; a clause in
        most documents (简报: every title) weighs nothing and is left out of the scoring
        expression. The matches stay those of the whole query, in the same order."""
        from unittest import mock

        from django.db import connection

        from gongkai.search import index_store, selectors
        from gongkai.search.index_backends.sqlite import SQLiteIndex
        from gongkai.search.models import SearchDocument
        from gongkai.search.understanding import understand

        if connection.vendor != "sqlite":
            self.skipTest(
                "PostgreSQL's ts_rank_cd weighs no clause by its document count"
            )
        with self.captureOnCommitCallbacks(execute=True):
            create_indexed_article(
                column=self.column, title="工作进展通报", body="进展顺利。"
            )  # no 简报
            for n, body in enumerate(
                ("进展。", "进展，进展，再进展。", "工作有进展，进展较快。")
            ):
                create_indexed_article(
                    column=self.column, title=f"第{20 + n}期简报", body=body
                )
        with mock.patch("gongkai.search.selectors.SAMPLE_DOCUMENTS", 8):
            analysis.reset()
            understood = understand("简报 进展")
            index = index_store.backend()
            self.assertIsInstance(index, SQLiteIndex)
            scoring = index.scoring_expression(
                understood, title_only=False, sample=selectors._sample
            )
            expression = index.expression(understood)
            documents = SearchDocument.objects.all()
            order = ("-score", "-published_at", "-pk")
            whole = list(
                index.scored(documents, expression)
                .order_by(*order)
                .values_list("page_id", flat=True)
            )
            looser = list(
                index.scored(documents, expression, scoring=scoring)
                .order_by(*order)
                .values_list("page_id", flat=True)
            )
        self.assertIn("进展", scoring)
        self.assertNotIn("简报", scoring)
        self.assertEqual(len(whole), 7)  # 4 fixtures and 3 new items; not 工作进展通报
        self.assertEqual(looser, whole)


class SplitWordAdjacencyTests(TestCase):
    """A word jieba cuts into single characters (中区, 下年) keeps its adjacency: the
    page holding the word comes first, a page holding the characters apart does not
    match (issue #14: the right page ranked 34th and 20th)."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            column = create_column(title="通知公告")
            cls.apart = create_indexed_article(
                column=column,
                title="中心城区下一年度道路规划",
                body="中心城区的道路在下一个年度完成改造，区内各单位配合。",
            )
            cls.word = create_indexed_article(
                column=column,
                title="关于街道工作安排的说明",
                body="中区街道下年工作安排如下：完善社区服务。",
            )

    def setUp(self):
        analysis.reset()

    def test_the_page_with_the_word_comes_first_and_scattered_characters_do_not_match(
        self,
    ):
        for text in ("中区", "下年"):
            with self.subTest(text=text):
                results = search(text)
                self.assertEqual([h.page_id for h in results.hits], [self.word.pk])
                self.assertEqual(results.corrected_text, "")

    def test_characters_typed_apart_still_match_anywhere(self):
        results = search("中 区")
        self.assertEqual(
            {h.page_id for h in results.hits}, {self.apart.pk, self.word.pk}
        )
