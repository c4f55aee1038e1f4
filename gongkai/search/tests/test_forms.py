import datetime

from django.http import QueryDict
from django.test import SimpleTestCase

from gongkai.search.forms import MAX_QUERY_LENGTH, SearchForm
from gongkai.search.results import SortOrder


def parse(query_string: str, **options):
    form = SearchForm(QueryDict(query_string), **options)
    return form, form.to_query()


class SearchFormTests(SimpleTestCase):
    def test_reads_every_parameter(self):
        """Words, advanced fields, facet filters, sort and page become one SearchQuery."""
        form, query = parse(
            "q=政务公开&title_only=1&date_from=2023-01-01&date_to=2023-12-31"
            "&index_number=330703000000&document_number=金东政发&validity=valid"
            "&column=5&column=6&genre=2&topic=3&publisher=4&year=2023&sort=oldest&page=2&per_page=10"
        )
        self.assertEqual(form.error_messages(), [])
        self.assertEqual(query.text, "政务公开")
        self.assertIs(query.title_only, True)
        self.assertEqual(query.published_from, datetime.date(2023, 1, 1))
        self.assertEqual(query.published_to, datetime.date(2023, 12, 31))
        self.assertEqual(query.index_number, "330703000000")
        self.assertEqual(query.document_number, "金东政发")
        self.assertEqual(query.validity, "valid")
        self.assertEqual(
            query.filters,
            {
                "column": ("5", "6"),
                "genre": ("2",),
                "topic": ("3",),
                "publisher": ("4",),
                "year": ("2023",),
            },
        )
        self.assertEqual(query.sort, SortOrder.OLDEST)
        self.assertEqual((query.page, query.per_page), (2, 10))

    def test_bad_page_number_shows_page_one_with_a_message(self):
        """page=abc, 0 or -3 gives page 1 and says so; the words still search."""
        for value in ("abc", "0", "-3", "1.5"):
            with self.subTest(page=value):
                form, query = parse(f"q=社保&page={value}")
                self.assertEqual(query.page, 1)
                self.assertEqual(query.text, "社保")
                self.assertIn("页码应为正整数，已显示第 1 页。", form.error_messages())

    def test_reversed_dates_are_dropped_with_a_message_and_kept_in_the_form(self):
        form, query = parse("q=预算&date_from=2024-05-01&date_to=2023-01-01")
        self.assertIsNone(query.published_from)
        self.assertIsNone(query.published_to)
        self.assertIn(
            "结束日期早于起始日期，日期范围未生效，请检查。", form.error_messages()
        )
        self.assertEqual(form.values["date_from"], "2024-05-01")
        self.assertEqual(form.values["date_to"], "2023-01-01")

    def test_malformed_date_is_reported_and_the_other_bound_still_applies(self):
        form, query = parse("date_from=2023-13-45&date_to=2023/12/31")
        self.assertIsNone(query.published_from)
        self.assertEqual(query.published_to, datetime.date(2023, 12, 31))
        self.assertIn("起始日期格式不对", " ".join(form.error_messages()))
        self.assertEqual(form.values["date_from"], "2023-13-45")

    def test_long_text_is_cut_with_a_notice(self):
        form, query = parse("q=" + "政" * 10_000)
        self.assertEqual(len(query.text), MAX_QUERY_LENGTH)
        self.assertIn(
            f"检索词过长，只按前 {MAX_QUERY_LENGTH} 个字检索。", form.error_messages()
        )

    def test_control_characters_and_runs_of_spaces_are_removed(self):
        _form, query = parse("q=%00社%0A%0D保%09%20%20公积金")
        self.assertEqual(query.text, "社 保 公积金")

    def test_unusable_filter_values_are_ignored_with_a_notice(self):
        form, query = parse("column=abc&column=7&year=20x3&year=2024&genre=")
        self.assertEqual(query.filters, {"column": ("7",), "year": ("2024",)})
        self.assertIn("部分筛选条件无效，已忽略。", form.error_messages())

    def test_sort_defaults_to_relevance_with_words_and_newest_without(self):
        self.assertEqual(parse("q=会议")[1].sort, SortOrder.RELEVANCE)
        self.assertEqual(parse("column=3")[1].sort, SortOrder.NEWEST)
        self.assertEqual(
            parse("q=会议", default_sort=SortOrder.NEWEST)[1].sort, SortOrder.NEWEST
        )

    def test_unknown_sort_and_validity_are_refused_in_chinese(self):
        form, query = parse("q=会议&sort=random&validity=maybe")
        self.assertEqual(query.sort, SortOrder.RELEVANCE)
        self.assertEqual(query.validity, "")
        messages = form.error_messages()
        self.assertIn("排序方式无效，已按相关度排序。", messages)
        self.assertIn("有效性只能选择有效、失效或废止。", messages)

    def test_pages_beyond_the_result_window_are_refused(self):
        form, query = parse("q=会议&page=100000")
        self.assertEqual(query.page, 1)
        self.assertIn("最多可翻看前 10000 条结果", " ".join(form.error_messages()))

    def test_overrides_and_scope(self):
        """The catalog passes its column as scope and searches titles only."""
        _form, query = parse("q=预算", default_per_page=15)
        self.assertEqual(query.per_page, 15)
        form = SearchForm(QueryDict("q=预算"))
        query = form.to_query(scope_page_id=9, title_only=True)
        self.assertEqual((query.scope_page_id, query.title_only), (9, True))

    def test_advanced_panel_opens_when_used_or_asked_for(self):
        self.assertIs(SearchForm(QueryDict("q=a")).is_advanced(), False)
        self.assertIs(SearchForm(QueryDict("document_number=12号")).is_advanced(), True)
        form = SearchForm(QueryDict("advanced=1"))
        self.assertIs(form.is_advanced(), True)
        self.assertIs(form.has_advanced_values(), False)
