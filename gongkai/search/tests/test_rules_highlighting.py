"""highlighting.py alone (pure), beyond test_text_rules.py: escaping, case, the
snippet's window."""

from django.test import SimpleTestCase

from gongkai.search.highlighting import SNIPPET_CHARS, highlight, snippet


class HighlightTests(SimpleTestCase):
    def test_text_is_escaped_inside_and_outside_marks(self):
        self.assertEqual(
            highlight("<b>政府</b>&信息", ["政府", "<b>"]),
            "<mark>&lt;b&gt;</mark><mark>政府</mark>&lt;/b&gt;&amp;信息",
        )

    def test_latin_terms_match_any_case_and_keep_the_text_s_case(self):
        self.assertEqual(highlight("GDP 增长", ["gdp"]), "<mark>GDP</mark> 增长")

    def test_the_longest_term_wins_where_terms_overlap(self):
        self.assertEqual(
            highlight("政府信息公开", ["政府", "政府信息"]), "<mark>政府信息</mark>公开"
        )

    def test_a_term_typed_with_spaces_matches_without_them(self):
        self.assertEqual(highlight("政府信息", ["政府 信息"]), "<mark>政府信息</mark>")

    def test_no_terms_or_blank_terms_mark_nothing(self):
        self.assertEqual(highlight("a<b", []), "a&lt;b")
        self.assertEqual(highlight("政府", ["", "  "]), "政府")


class SnippetTests(SimpleTestCase):
    def test_a_short_text_is_whole_and_without_ellipses(self):
        self.assertEqual(snippet("政府信息公开", ["信息"]), "政府<mark>信息</mark>公开")

    def test_the_window_starts_a_quarter_before_the_term(self):
        text = "甲" * 200 + "公积金" + "乙" * 200
        out = snippet(text, ["公积金"])
        self.assertTrue(out.startswith("…" + "甲" * (SNIPPET_CHARS // 4) + "<mark>"))
        self.assertTrue(out.endswith("乙…"))

    def test_whitespace_runs_are_one_space(self):
        self.assertEqual(snippet("政府\n\n  信息", []), "政府 信息")

    def test_the_length_is_the_window_s(self):
        out = snippet("甲" * 500, ["公积金"], length=10)
        self.assertEqual(out, "甲" * 10 + "…")
