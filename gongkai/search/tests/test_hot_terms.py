"""热门检索 cannot be pushed by one client: once per client per day, only searches that
found something; the office pins and hides phrases in a permission-checked admin list."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from gongkai.search.models import HotTermRule
from gongkai.search.query_log import list_hot_terms

from .page_corpus import build_corpus

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/138.0 Safari/537.36"


def hits(phrase: str) -> int:
    return sum(
        QueryDailyHits.objects.filter(query__query_string=phrase).values_list(
            "hits", flat=True
        )
    )


class HotTermCountingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()

    def setUp(self):
        cache.clear()

    def search(self, text: str, address: str):
        response = self.client.get(
            "/search/",
            {"q": text},
            headers={"User-Agent": BROWSER},
            REMOTE_ADDR=address,
        )
        self.assertEqual(response.status_code, 200)
        return response

    def test_twenty_searches_by_one_client_count_once(self):
        for _search in range(20):
            self.search("全体会议", "198.51.100.50")
        self.assertEqual(hits("全体会议"), 1)
        self.search("全体会议", "198.51.100.51")
        self.assertEqual(hits("全体会议"), 2)

    def test_a_client_counts_again_the_next_day(self):
        from gongkai.search import query_log

        self.search("全体会议", "198.51.100.52")
        results = self.search("全体会议", "198.51.100.52").context["results"]
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        query_log.record_search(
            results, user_agent=BROWSER, client="198.51.100.52", today=tomorrow
        )
        self.assertEqual(hits("全体会议"), 2)

    def test_a_search_without_results_never_counts(self):
        for number in range(20):
            self.search("火星探测器发射", f"198.51.100.{number}")
        self.assertFalse(Query.objects.filter(query_string="火星探测器发射").exists())


class HotTermRuleTests(TestCase):
    def add_hits(self, phrase: str, count: int) -> None:
        query = Query.get(phrase)
        for _hit in range(count):
            query.add_hit()

    def test_pinned_first_hidden_never(self):
        self.add_hits("预算", 5)
        self.add_hits("违禁广告词", 9)
        self.add_hits("全体会议", 3)
        HotTermRule.objects.create(phrase="违禁广告词", action=HotTermRule.Action.HIDE)
        HotTermRule.objects.create(
            phrase="营商环境", action=HotTermRule.Action.PIN, sort_order=2
        )
        HotTermRule.objects.create(
            phrase="全体会议", action=HotTermRule.Action.PIN, sort_order=1
        )
        self.assertEqual(list_hot_terms(), ["全体会议", "营商环境", "预算"])
        self.assertEqual(list_hot_terms(limit=1), ["全体会议"])

    def test_hidden_phrase_is_not_shown_on_the_search_page(self):
        self.add_hits("违禁广告词", 9)
        HotTermRule.objects.create(phrase="违禁广告词", action=HotTermRule.Action.HIDE)
        response = self.client.get("/search/")
        self.assertNotContains(response, "违禁广告词")


class HotTermAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        access = Permission.objects.get(codename="access_admin")
        cls.editor = users.create_user("hot-editor", password="x")
        cls.editor.user_permissions.add(access)
        cls.office = users.create_user("hot-office", password="x")
        cls.office.user_permissions.add(
            access,
            *Permission.objects.filter(
                content_type__app_label="search", codename__endswith="hottermrule"
            ),
        )

    def test_a_plain_editor_cannot_reach_the_list(self):
        self.client.force_login(self.editor)
        for name in ("list", "add"):
            url = reverse(f"wagtailsnippets_search_hottermrule:{name}")
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, name)
            self.assertNotEqual(response.url, url)
        self.assertFalse(HotTermRule.objects.exists())
        self.client.post(
            reverse("wagtailsnippets_search_hottermrule:add"),
            {"phrase": "预算", "action": "hide", "sort_order": "0"},
        )
        self.assertFalse(HotTermRule.objects.exists())

    def test_a_permitted_user_hides_a_phrase_in_chinese_admin(self):
        self.client.force_login(self.office)
        listing = self.client.get(reverse("wagtailsnippets_search_hottermrule:list"))
        self.assertContains(listing, "热门检索词")
        response = self.client.post(
            reverse("wagtailsnippets_search_hottermrule:add"),
            {"phrase": " 违禁广告词 ", "action": "hide", "sort_order": "0"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(HotTermRule.objects.get().phrase, "违禁广告词")
