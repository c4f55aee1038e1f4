import re
from dataclasses import replace
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from wagtail.contrib.search_promotions.models import Query

from gongkai.search import result_cache, views
from gongkai.search.results import SearchQuery, SearchResults

from .factories import create_indexed_article
from .page_corpus import build_corpus

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/138.0 Safari/537.36"
ODD_QUERIES = [
    "",
    " ",
    "政" * 10_000,
    "！？。，、“”‘’（）《》【】",
    "!@#$%^&*()_+-=[]{}|;':\",./<>?`~",
    "NEAR(政务 公开, 3)",
    '"',
    '"政务公开',
    "政务 AND OR NOT",
    "title:政务*",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "\\",
    "%_%",
    "<script>alert(1)</script>",
    "\x00\x01",
    "🙂🙂",
    "a" * 300,
    "zhengfu xinxi gongkai",
    "330703000000/2023-",
    "〔2023〕",
]


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()

    def setUp(self):
        cache.clear()  # the once-per-client-per-day markers of the hot terms

    def get(
        self, query_string: str, user_agent: str = BROWSER, address: str = "127.0.0.1"
    ):
        return self.client.get(
            f"/search/?{query_string}",
            headers={"User-Agent": user_agent},
            REMOTE_ADDR=address,
        )

    def test_hit_shows_highlighted_title_snippet_and_metadata_line(self):
        response = self.get("q=全体会议")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("区委五届四次<mark>全体会议</mark>举行", html)
        self.assertIn("会议听取和讨论了区政府工作报告", html)
        meta = re.search(r'<p class="hit-meta">(.*?)</p>', html, re.S).group(1)
        self.assertIn("发布机构：金东区人民政府办公室", meta)
        self.assertIn('发布日期：<time datetime="2023-05-10">2023-05-10</time>', meta)
        self.assertIn(">政府会议</a>", meta)
        self.assertContains(response, "共找到 <strong>1</strong> 条信息", html=False)

    def test_estimated_facet_counts_read_as_approximate(self):
        """Facet counts the engine estimated from a sample show as “约N”, exact ones as “N”."""
        exact = self.get("q=政务公开")
        self.assertContains(exact, '<span class="count">(12)</span>', html=False)
        self.assertNotContains(exact, "(约", html=False)
        search = views.run_search
        with mock.patch.object(
            views, "run_search", lambda q: replace(search(q), facets_estimated=True)
        ):
            estimated = self.get("q=政务公开")
        self.assertContains(estimated, '<span class="count">(约12)</span>', html=False)

    def test_facets_show_counts_and_filter_when_followed(self):
        response = self.get("q=政务公开")
        facets = response.context["facets"]
        # No item here has a 主题分类: an empty facet is not shown.
        self.assertEqual(
            [group.label for group in facets], ["栏目", "体裁分类", "发布机构", "年份"]
        )
        column = next(group for group in facets if group.name == "column")
        counts = {link.label: link.count for link in column.links}
        self.assertEqual(counts, {"规章和规范性文件": 12, "财政预决算": 11})
        regulations = next(
            link for link in column.links if link.label == "规章和规范性文件"
        )
        filtered = self.client.get(regulations.url)
        self.assertEqual(filtered.context["results"].total, 12)
        self.assertContains(filtered, "已选条件")
        self.assertContains(filtered, "栏目：规章和规范性文件")
        selected = next(
            link
            for group in filtered.context["facets"]
            if group.name == "column"
            for link in group.links
            if link.label == "规章和规范性文件"
        )
        self.assertIs(selected.is_current, True)
        self.assertEqual(self.client.get(selected.url).context["results"].total, 23)

    def test_sorts_by_date_either_way(self):
        newest = [
            h.published_on
            for h in self.get("q=政务公开&sort=newest").context["results"].hits
        ]
        oldest = [
            h.published_on
            for h in self.get("q=政务公开&sort=oldest").context["results"].hits
        ]
        self.assertEqual(newest, sorted(newest, reverse=True))
        self.assertEqual(oldest, sorted(oldest))
        self.assertNotEqual(newest[0], oldest[0])

    def test_paginates_with_links_that_keep_the_query(self):
        response = self.get(
            "q=政务公开&column="
            + str(self.corpus.regulations.pk)
            + "&column="
            + str(self.corpus.finance.pk)
        )
        pager = response.context["pager"]
        self.assertEqual((pager.number, pager.num_pages), (1, 2))
        self.assertIn("page=2", pager.next)
        self.assertIn("column=", pager.next)
        second = self.client.get(pager.next)
        self.assertEqual(len(second.context["results"].hits), 3)
        self.assertContains(
            second, 'aria-current="page" class="selected">2<', html=False
        )

    def test_page_past_the_end_says_so(self):
        response = self.get("q=政务公开&page=9")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "没有这一页：共 23 条信息。")

    def test_advanced_search_fields(self):
        cases = [
            ("q=会议&title_only=1", {"区委五届四次全体会议举行"}),
            (
                "q=执行情况&date_from=2022-01-01&date_to=2022-12-31",
                {"金东区2021年财政预算执行情况"},
            ),
            (
                "document_number=金东政发[2023]12号",
                {"关于印发金东区社会保险补贴办法的通知"},
            ),
            (
                f"q=金东区&publisher={self.corpus.finance_bureau.pk}",
                {"金东区2021年财政预算执行情况"},
            ),
            (
                f"index_number={self.corpus.notice.index_number}",
                {"关于印发金东区社会保险补贴办法的通知"},
            ),
        ]
        for query_string, titles in cases:
            with self.subTest(query_string):
                response = self.get(query_string)
                self.assertEqual(
                    {h.title for h in response.context["results"].hits}, titles
                )
                self.assertEqual(response.status_code, 200)
        self.assertIs(self.get("q=会议&title_only=1").context["advanced_open"], True)
        self.assertIs(self.get("q=会议").context["advanced_open"], False)

    def test_document_number_query_opens_the_item(self):
        for typed in (
            "金东政发〔2023〕12号",
            "金东政发[2023]12号",
            "金东政发【2023】12号",
        ):
            with self.subTest(typed):
                response = self.get(f"q={typed}")
                self.assertRedirects(
                    response, self.corpus.notice.url, fetch_redirect_response=False
                )

    def test_number_query_with_a_filter_lists_the_item_with_a_prominent_link(self):
        response = self.get("q=金东政发〔2023〕12号&year=2023")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="direct-hit"')
        self.assertContains(response, f'href="{self.corpus.notice.url}"')

    def test_empty_result_page_helps(self):
        response = self.get("q=火星探测器发射")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("没有找到与“火星探测器发射”相关的信息", html)
        self.assertIn("错别字", html)
        self.assertIn('href="/apply/"', html)
        self.assertIn("依申请公开", html)

    def test_hot_terms_come_from_searches_that_found_something(self):
        for number in range(3):
            self.get("q=预算", address=f"198.51.100.{number}")
        self.get("q=全体会议")
        self.get("q=火星探测器发射")  # nothing found: not a hot term
        response = self.get("q=火星探测器发射")
        self.assertEqual(response.context["hot_terms"][:2], ["预算", "全体会议"])
        self.assertFalse(Query.objects.filter(query_string="火星探测器发射").exists())
        self.assertContains(response, '<h2 id="hot-terms">热门检索</h2>', html=False)

    def test_robots_do_not_make_hot_terms(self):
        for user_agent in ("", "Mozilla/5.0 (compatible; Baiduspider/2.0)", "curl/8.0"):
            self.get("q=全体会议", user_agent=user_agent)
        self.assertFalse(Query.objects.filter(query_string="全体会议").exists())
        self.get("q=全体会议")
        self.assertTrue(Query.objects.filter(query_string="全体会议").exists())

    def test_result_pages_are_not_for_search_engines(self):
        self.assertContains(
            self.get("q=全体会议"),
            '<meta name="robots" content="noindex, follow">',
            html=False,
        )

    def test_landing_page_without_words(self):
        response = self.client.get("/search/")
        self.assertEqual(response.status_code, 200)
        self.assertIs(response.context["landing"], True)
        self.assertNotContains(response, "请输入检索词。")
        self.assertContains(self.get("q=%20"), "请输入检索词。")

    def test_bad_parameters_keep_what_was_typed(self):
        response = self.get(
            "q=社会保险&page=abc&date_from=2024-01-01&date_to=2023-01-01"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "页码应为正整数，已显示第 1 页。")
        self.assertContains(response, "结束日期早于起始日期")
        self.assertContains(response, 'value="社会保险"')
        self.assertContains(response, 'value="2024-01-01"')
        self.assertContains(response, 'value="2023-01-01"')
        self.assertContains(response, 'aria-invalid="true"')
        self.assertGreaterEqual(response.context["results"].total, 1)

    def test_misspelling_is_corrected_with_did_you_mean(self):
        response = self.get("q=社会保现补贴")
        results = response.context["results"]
        self.assertIn("社会保险", results.corrected_text)
        self.assertGreaterEqual(results.total, 1)
        self.assertContains(response, "您是不是要找")
        # The changed character is highlighted, the rest as typed.
        self.assertContains(
            response,
            '<strong>社会保<mark class="changed">险</mark>补贴</strong>',
            html=False,
        )

    def test_odd_queries_return_a_page(self):
        for text in ODD_QUERIES:
            with self.subTest(text=text[:20]):
                response = self.client.get("/search/", {"q": text})
                self.assertIn(response.status_code, (200, 302))

    def test_synonym_expansion_is_shown_and_offered_as_related_terms(self):
        response = self.get("q=社保")
        self.assertEqual(
            response.context["results"].hits[0].title, self.corpus.notice.title
        )
        self.assertContains(response, "同时检索了：社会保险")
        self.assertContains(
            response, '<h2 id="related-terms">相关检索</h2>', html=False
        )
        self.assertEqual(response.context["related_terms"][0], "社会保险")

    def test_query_count_does_not_grow_with_the_hits(self):
        """One hit or a full page of twenty: the same number of queries (no N+1)."""
        counts = []
        for query_string in ("q=全体会议", "q=政务公开"):
            self.get(query_string)  # the hot-term row exists after the first search
            with CaptureQueriesContext(connection) as queries:
                response = self.get(query_string)
            counts.append((len(response.context["results"].hits), len(queries)))
        (one, one_count), (twenty, twenty_count) = counts
        self.assertEqual((one, twenty), (1, 20))
        self.assertEqual(one_count, twenty_count)

    def test_typed_markup_is_escaped_everywhere(self):
        """Only the engine's <mark> is raw HTML; whatever was typed comes back escaped."""
        typed = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
        for name in ("q", "date_from", "document_number", "index_number"):
            with self.subTest(name):
                response = self.client.get("/search/", {name: typed, "q": typed})
                html = response.content.decode()
                self.assertNotIn("<script>alert(1)", html)
                self.assertNotIn("<img src=x", html)
                self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    def test_header_has_the_search_box_on_public_pages(self):
        response = self.client.get(self.corpus.meetings.url)
        self.assertContains(
            response,
            'role="search" aria-label="全站检索" action="/search/"',
            html=False,
        )


class SearchPagePresentationTests(TestCase):
    """What the page shows for the contract's optional fields (hand-built results)."""

    def render(self, **fields):
        query = SearchQuery(text="正府信息公开")
        results = SearchResults(query=query, hits=[], total=0, facets=[], **fields)
        with mock.patch("gongkai.search.views.run_search", return_value=results):
            return self.client.get("/search/", {"q": "正府信息公开"})

    def test_corrected_text_is_offered(self):
        response = self.render(corrected_text="政府信息公开")
        self.assertContains(response, "您是不是要找：")
        self.assertContains(
            response,
            '?q=%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80"><strong>'
            '<mark class="changed">政</mark>府信息公开</strong>',
            html=False,
        )
        self.assertContains(response, "下面显示的是“政府信息公开”的检索结果")

    def test_suggestion_is_a_link_and_the_typed_query_is_answered(self):
        """Found as typed: its results are shown, the correction is only offered."""
        response = self.render(suggested_text="政府信息公开")
        self.assertContains(response, 'class="did-you-mean suggestion"')
        self.assertContains(
            response,
            '<mark class="changed">政</mark>府信息公开</strong></a>？',
            html=False,
        )
        self.assertContains(response, "下面显示的是“正府信息公开”的检索结果")

    def test_engine_message_is_shown(self):
        response = self.render(
            message="检索词中没有可检索的文字，请输入汉字、字母或数字。"
        )
        self.assertContains(response, "检索词中没有可检索的文字")


class AnyQueryTests(HypothesisTestCase):
    """Property: whatever is typed, the page answers 200 (or a redirect), never 500."""

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        text=st.text(max_size=300),
        page=st.one_of(st.none(), st.text(max_size=6), st.integers(-5, 10**6).map(str)),
        date_from=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)),
        column=st.one_of(st.none(), st.text(max_size=5)),
    )
    def test_any_parameters_give_a_page(self, text, page, date_from, column):
        params = {"q": text}
        for name, value in (
            ("page", page),
            ("date_from", date_from),
            ("column", column),
        ):
            if value is not None:
                params[name] = value
        response = self.client.get("/search/", params)
        self.assertIn(response.status_code, (200, 302))
        api = self.client.get("/api/search/", params)
        self.assertIn(api.status_code, (200, 400))


@override_settings(GONGKAI_SEARCH_CACHE_ENTRIES=8)
class SearchPageCacheTests(TestCase):
    """The rendered search page is kept for anonymous visitors until the index
    changes (views._page_key), and nothing of one visitor is kept for another."""

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()

    def setUp(self):
        cache.clear()
        result_cache.clear()
        self.addCleanup(result_cache.clear)

    def get(self, query_string: str = "q=社会保险", **extra):
        return self.client.get(
            f"/search/?{query_string}", headers={"User-Agent": BROWSER}, **extra
        )

    def test_the_same_search_is_rendered_once(self):
        first = self.get()
        with (
            mock.patch.object(views, "render_to_string", side_effect=AssertionError),
            mock.patch.object(views, "list_hot_terms", side_effect=AssertionError),
        ):
            second = self.get()
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.content, first.content)
        self.assertEqual(result_cache.size("search_page"), 1)
        self.assertNotEqual(self.get("q=社会保险&page=2").content, first.content)
        self.assertEqual(result_cache.size("search_page"), 2)

    def test_a_cached_page_holds_nothing_of_a_visitor(self):
        self.get()
        response = self.get()
        self.assertNotContains(response, "csrfmiddlewaretoken")
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertFalse(response.cookies)
        self.assertIn("Content-Security-Policy", response.headers)
        self.assertEqual(response.headers["Content-Type"], "text/html; charset=utf-8")

    def test_a_signed_in_editor_gets_a_page_rendered_for_the_request(self):
        user = get_user_model().objects.create_superuser("editor", "e@example.cn", "x")
        self.client.force_login(user)
        self.get()
        self.get()
        self.assertEqual(result_cache.size("search_page"), 0)

    def test_every_search_is_still_counted_for_the_hot_terms(self):
        with mock.patch.object(views, "record_search") as record:
            self.get()
            self.get()
        self.assertEqual(record.call_count, 2)

    def test_publishing_an_item_shows_in_the_next_page(self):
        self.assertNotContains(self.get("q=殡葬改革"), "实施方案")
        with self.captureOnCommitCallbacks(execute=True):
            create_indexed_article(title="殡葬改革实施方案")
        self.assertContains(self.get("q=殡葬改革"), "实施方案")

    def test_a_kept_page_is_given_out_without_searching(self):
        """A hit of the page cache runs no search and no SQL statement at all (the
        generation is read at most once a second, here not again)."""
        first = self.get()
        check = mock.patch.object(result_cache, "GENERATION_CHECK_SECONDS", 3600.0)
        with (
            check,
            mock.patch.object(views, "run_search", side_effect=AssertionError),
            self.assertNumQueries(0),
        ):
            second = self.get()
        self.assertEqual(second.content, first.content)

    def test_a_kept_page_is_still_counted_for_the_hot_terms(self):
        self.get()
        with mock.patch.object(views, "record_search") as record:
            self.get()
        (results,), _options = record.call_args
        self.assertEqual(results.query.text, "社会保险")
        self.assertGreater(results.total, 0)

    def test_an_expired_page_is_given_out_while_rendered_again_in_the_background(self):
        jobs: list = []
        background = mock.patch.object(
            result_cache, "run_in_background", side_effect=jobs.append
        )
        clock = mock.patch.object(result_cache.time, "monotonic")
        with background, clock as monotonic:
            monotonic.return_value = 1000.0
            first = self.get()
            monotonic.return_value = 1000.0 + result_cache.TTL_SECONDS + 1
            with mock.patch.object(views, "run_search", side_effect=AssertionError):
                stale = [self.get(), self.get()]
            self.assertEqual([r.content for r in stale], [first.content] * 2)
            self.assertEqual(len(jobs), 1)
            with mock.patch.object(
                views, "render_to_string", return_value="<p>refreshed</p>"
            ):
                jobs.pop()()
            self.assertEqual(self.get().content, b"<p>refreshed</p>")
        self.assertEqual(jobs, [])

    def test_a_publish_is_never_hidden_by_an_expired_page(self):
        jobs: list = []
        background = mock.patch.object(
            result_cache, "run_in_background", side_effect=jobs.append
        )
        clock = mock.patch.object(result_cache.time, "monotonic")
        with background, clock as monotonic:
            monotonic.return_value = 1000.0
            self.assertNotContains(self.get("q=殡葬改革"), "实施方案")
            with self.captureOnCommitCallbacks(execute=True):
                create_indexed_article(title="殡葬改革实施方案")
            monotonic.return_value = 1000.0 + result_cache.TTL_SECONDS + 1
            self.assertContains(self.get("q=殡葬改革"), "实施方案")
        self.assertEqual(jobs, [])

    def test_an_item_number_redirect_is_kept_too(self):
        first = self.get("q=金东政发〔2023〕12号")
        self.assertEqual(first["Location"], self.corpus.notice.url)
        with mock.patch.object(views, "run_search", side_effect=AssertionError):
            second = self.get("q=金东政发〔2023〕12号")
        self.assertEqual(second.status_code, 302)
        self.assertEqual(second["Location"], self.corpus.notice.url)

    def test_hosts_are_different_entries(self):
        self.get()
        self.get(HTTP_HOST="localhost")
        self.assertEqual(result_cache.size("search_page"), 2)
