"""/hudong/?q= searches published letters with the site's Chinese analysis.

Through the real view, the real analysis (preloaded dictionary and synonym sets from
the migrations) and the real database: a word anywhere in a sentence, a synonym,
traditional and full-width characters, pinyin; never an unpublished letter, never
the writer's personal data; hostile queries are never a 500.
"""

from datetime import date

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.interaction import selectors, services
from gongkai.interaction.tests.factories import create_channel, create_letter
from gongkai.search import analysis
from gongkai.search.letter_search import search_letters
from gongkai.search.models import LetterText

LIST_URL = reverse("hudong:list")
TODAY = date(2025, 5, 6)


def answered(letter, *, reply, publish=True):
    return services.reply_to_letter(
        letter,
        reply=reply,
        public_body=letter.public_body,
        publish=publish,
        today=TODAY,
    )


class LetterSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = create_home_page(title="示例区人民政府")
        office = create_organisation(name="示例区人民政府办公室", root_page=home)
        consult = create_channel("consult", days=5)

        def letter(**fields):
            return create_letter(consult, office, today=date(2025, 5, 1), **fields)

        cls.school = answered(
            letter(
                subject="孩子入学咨询",
                body="我家孩子今年九月想在东城街道的小学就读，需要准备哪些材料？",
            ),
            reply="请携带户口簿和房产证明到学校登记。",
        )
        cls.insurance = answered(
            letter(subject="缴费转移", body="我在外地缴纳的社保怎样转到本地？"),
            reply="请到人力社保局窗口办理转移手续。",
        )
        cls.unpublished = answered(
            letter(subject="户口簿遗失", body="户口簿丢了，社保怎么办？"),
            reply="请到派出所补办户口簿。",
            publish=False,
        )
        cls.private = answered(
            letter(
                subject="户口簿补办",
                body="户口簿补办要多久？",
                wants_public=False,
            ),
            reply="户口簿一般当场补办。",
        )
        cls.streetlight = answered(
            letter(
                subject="路灯维修",
                body="小区门口的路灯坏了。",
                name="诸葛孔明",
                phone="13987654321",
                email="kongming@example.com",
            ),
            reply="已安排维修。",
        )

    def setUp(self):
        cache.clear()
        analysis.reset()

    def found(self, query, status=200):
        response = self.client.get(LIST_URL, {"q": query})
        self.assertEqual(response.status_code, status, query)
        html = response.content.decode()
        letters = [
            self.school,
            self.insurance,
            self.unpublished,
            self.private,
            self.streetlight,
        ]
        return {
            letter.pk
            for letter in letters
            if reverse("hudong:detail", args=[letter.pk]) in html
        }

    def test_word_in_the_middle_of_a_sentence(self):
        self.assertEqual(self.found("东城街道"), {self.school.pk})
        # Several words, each anywhere in the letter (body and reply).
        self.assertEqual(self.found("准备材料 房产证明"), {self.school.pk})
        # Words cut from one run of text by the segmenter, not a substring of the letter.
        self.assertEqual(self.found("小学材料"), {self.school.pk})

    def test_synonym(self):
        # The letter says 社保 only; 社保/社会保险 is a preloaded synonym set.
        self.assertEqual(self.found("社会保险"), {self.insurance.pk})
        self.assertEqual(self.found("社保转移"), {self.insurance.pk})

    def test_traditional_and_full_width(self):
        self.assertEqual(self.found("社會保險"), {self.insurance.pk})
        self.assertEqual(self.found("東城街道"), {self.school.pk})
        self.assertEqual(self.found("ＡＢＣ 东城街道"), set())  # every word must match
        self.assertEqual(self.found("　東城　街道　"), {self.school.pk})

    def test_pinyin(self):
        # 社会保险 is in the preloaded dictionary; its synonym 社保 is what the letter says.
        self.assertEqual(self.found("shehuibaoxian"), {self.insurance.pk})
        self.assertEqual(self.found("shehui baoxian"), {self.insurance.pk})

    def test_unpublished_and_private_letters_never_found(self):
        self.assertEqual(self.found("户口簿"), {self.school.pk})
        self.assertEqual(self.found("补办"), set())
        self.assertEqual(self.found("派出所"), set())

    def test_writer_personal_data_never_searched(self):
        for query in ("诸葛孔明", "诸葛", "13987654321", "kongming", "example.com"):
            self.assertEqual(self.found(query), set(), query)
        self.assertEqual(self.found("路灯"), {self.streetlight.pk})

    def test_hostile_queries_are_never_a_server_error(self):
        hostile = [
            "社保" * 5000,
            "a" * 10_000,
            "社保\x00转移",
            "\x00",
            "%",
            "_",
            "%%__",
            "' OR '1'='1",
            '"; DROP TABLE interaction_letter; --',
            "社保' OR 1=1 --",
            "\\",
            '「」“”""',
            "shebao" * 2000,
        ]
        for query in hostile:
            response = self.client.get(LIST_URL, {"q": query})
            self.assertIn(response.status_code, (200, 400), repr(query[:20]))
        # Bytes that are no UTF-8 (a lone surrogate, 0xFF) straight in the query string.
        for raw in ("q=%ED%A0%80", "q=%FF%FE", "q=%00%25%5F"):
            response = self.client.get(f"{LIST_URL}?{raw}")
            self.assertIn(response.status_code, (200, 400), raw)
        # Wildcards are literal characters, never "everything".
        for query in ("%", "_", "%%__", "' OR '1'='1"):
            self.assertEqual(self.found(query), set(), query)
        # NUL is dropped: the words around it still search.
        self.assertEqual(self.found("社保\x00转移"), {self.insurance.pk})

    def test_the_hook_is_registered_and_only_public_fields_are_passed(self):
        self.assertEqual(
            selectors.PUBLIC_TEXT_FIELDS, ("subject", "public_body", "reply")
        )
        published = selectors.list_published_letters()
        self.assertEqual(set(search_letters("社会保险", published, ["subject"])), set())
        self.assertEqual(
            set(selectors.search_published_letters("社会保险")), {self.insurance}
        )

    def test_without_the_hook_a_plain_scan_of_the_same_public_fields(self):
        selectors.register_letter_search(None)
        self.addCleanup(selectors.register_letter_search, search_letters)
        self.assertEqual(
            set(selectors.search_published_letters("社保")), {self.insurance}
        )
        # No analysis: no synonyms, and still no personal data or unpublished letters.
        self.assertEqual(set(selectors.search_published_letters("社会保险")), set())
        self.assertEqual(set(selectors.search_published_letters("诸葛孔明")), set())
        self.assertEqual(
            set(selectors.search_published_letters("户口簿")), {self.school}
        )


class LetterTextNormalisedAndRankedTests(TestCase):
    """The letter's text goes through the site search's normaliser too, and results
    come best first: title hits, then hits in the text, then the newest."""

    @classmethod
    def setUpTestData(cls):
        home = create_home_page(title="示例区人民政府")
        office = create_organisation(name="示例区人民政府办公室", root_page=home)
        consult = create_channel("consult", days=5)

        def letter(received, subject, body, reply):
            return answered(
                create_letter(
                    consult, office, today=received, subject=subject, body=body
                ),
                reply=reply,
            )

        # Written in traditional characters, full-width digits, a word wrapped.
        cls.traditional = letter(
            date(2025, 4, 1),
            "關於醫療保險報銷",
            "去年住院的醫療費用，報銷比例是多少？電話２０２５年已打過。",
            "請攜帶發票到醫保窗口辦理。",
        )
        cls.wrapped = letter(
            date(2025, 4, 2),
            "停车问题",
            "小区门口停车难，希望增设公共\n停车场。",
            "已转交交通部门研究。",
        )
        # Ranking: 垃圾分类 in the title of an old letter, only in the body of a
        # newer one and only in the reply of the newest.
        cls.in_title_old = letter(
            date(2025, 1, 10), "垃圾分类投放点", "投放点太远。", "已增设。"
        )
        cls.in_body = letter(
            date(2025, 3, 10), "小区环境", "希望加强垃圾分类宣传。", "已安排。"
        )
        cls.in_reply_newest = letter(
            date(2025, 4, 20), "小区环境问题", "楼道杂物多。", "将结合垃圾分类整治。"
        )
        cls.in_title_new = letter(
            date(2025, 2, 10), "垃圾分类时间", "几点可以投放？", "早晚各两小时。"
        )

    def setUp(self):
        cache.clear()
        analysis.reset()

    def listed(self, query):
        """The letters of the listing page for `query`, in the order shown."""
        response = self.client.get(LIST_URL, {"q": query})
        self.assertEqual(response.status_code, 200, query)
        html = response.content.decode()
        positions = []
        for letter in LetterText.objects.values_list("letter", flat=True):
            at = html.find(f'href="{reverse("hudong:detail", args=[letter])}"')
            if at >= 0:
                positions.append((at, letter))
        return [letter for _, letter in sorted(positions)]

    def test_letter_text_is_stored_in_the_search_form(self):
        text = LetterText.objects.get(letter=self.traditional)
        self.assertEqual(text.subject, "关于医疗保险报销")
        self.assertIn("电话2025年", text.public_body)
        self.assertIn("医保窗口办理", text.reply)
        self.assertEqual(
            set(LetterText._meta.get_fields()) - {LetterText._meta.pk},
            {
                LetterText._meta.get_field(n)
                for n in ("subject", "public_body", "reply")
            },
        )  # never the writer's name, phone or e-mail

    def test_traditional_and_full_width_letter_found_by_simplified_query(self):
        self.assertEqual(self.listed("医疗保险"), [self.traditional.pk])
        self.assertEqual(self.listed("报销比例"), [self.traditional.pk])
        self.assertEqual(self.listed("2025年"), [self.traditional.pk])
        self.assertEqual(self.listed("醫保窗口"), [self.traditional.pk])

    def test_a_word_wrapped_across_lines_is_found(self):
        self.assertEqual(self.listed("公共停车场"), [self.wrapped.pk])

    def test_title_hits_first_then_text_hits_then_newest(self):
        self.assertEqual(
            self.listed("垃圾分类"),
            [
                self.in_title_new.pk,  # title, 2025-02-10
                self.in_title_old.pk,  # title, 2025-01-10
                self.in_reply_newest.pk,  # text only, 2025-04-20
                self.in_body.pk,  # text only, 2025-03-10
            ],
        )
        # More query words in the title rank higher than fewer.
        self.assertEqual(
            self.listed("小区环境问题 垃圾分类")[0], self.in_reply_newest.pk
        )

    def test_a_letter_saved_later_is_indexed_and_reindexed_on_edit(self):
        self.in_body.public_body = "希望加強餐廚垃圾宣傳。"
        self.in_body.save()
        self.assertEqual(self.listed("餐厨垃圾"), [self.in_body.pk])
        # A save of other fields (转办) keeps the row; a lost row is rebuilt.
        LetterText.objects.filter(letter=self.in_body).delete()
        self.assertEqual(self.listed("餐厨垃圾"), [self.in_body.pk])

    def test_odd_and_hostile_queries_answer_200_or_400(self):
        queries = [
            "",
            " ",
            "垃" * 1000,
            "垃圾分类" * 250,
            ".*",
            "^.*$",
            "[",
            "(?:",
            "\\d+",
            "a|b",
            "%' OR 1=1; --",
            "'; SELECT pg_sleep(10); --",
            "$1",
            "\\x00",
            "垃圾分类\u200b",
            "🀄" * 300,
        ]
        for query in queries:
            response = self.client.get(LIST_URL, {"q": query})
            self.assertIn(response.status_code, (200, 400), repr(query[:20]))
        # Metacharacters are literal: they match nothing here, never everything.
        for query in (".*", "^.*$", "[", "a|b", "%' OR 1=1; --"):
            self.assertEqual(self.listed(query), [], query)
        # An empty query lists every published letter, newest first.
        self.assertEqual(len(self.listed("")), 6)
