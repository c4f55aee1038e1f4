"""The page's own findings shown in the page editor, on the draft, before publishing."""

from unittest.mock import patch

from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import ArticlePage
from gongkai.editorial.enums import Role
from gongkai.search import lm_store, result_cache

from ..acknowledgements import final_approval_error
from ..editor import editor_findings
from .test_inspection import InspectionTestCase
from .test_statistical_spelling import CLEAN, SITE_TEXT, store_site_text


def checks_panel_html(response) -> str:
    """The 网站自查 part of Wagtail's 检查 side panel in the editor page."""
    html = response.content.decode()
    start = html.index('data-side-panel="checks"')
    section = html.index('<section class="gongkai-checks', start)
    return html[section : html.index("</section>", section)]


class EditorFindingsTests(InspectionTestCase):
    def edit(self, user, page):
        client = Client()
        client.force_login(user)
        return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    def test_the_editor_shows_the_misspelt_leader_name_of_its_page(self):
        editor = self.own.users[Role.EDITOR]
        self.misspelt.save_revision()  # a new draft: the confirmation was on the last
        response = self.edit(editor, self.misspelt)
        self.assertEqual(response.status_code, 200)
        panel = checks_panel_html(response)
        for text in (
            'data-gongkai-hit="习近乎"',
            "<dt>错误写法</dt><dd>习近乎</dd>",
            "<dt>应为</dt><dd>习近平</dd>",
            "<dt>置信度</dt><dd>高（",
            "受保护词“习近平”",
            "未确认，终审前须修改或由审核人确认",  # an editor may not confirm
            'data-gongkai-checks-open="1"',
        ):
            self.assertIn(text, panel)
        self.assertNotIn("确认<span", panel)  # no 确认 link for the author
        # Not above the form any more (the panel is where the checks are).
        self.assertNotContains(response, "网站自查·严重错别字")

    def test_a_page_without_the_checks_panel_keeps_the_notice_above_the_form(self):
        """Wagtail shows its checks panel for previewable pages only."""
        self.misspelt.save_revision()
        with patch.object(ArticlePage, "is_previewable", return_value=False):
            response = self.edit(self.own.users[Role.EDITOR], self.misspelt)
        self.assertContains(response, "网站自查·严重错别字")
        self.assertContains(response, "“习近乎”应为“习近平”")
        self.assertNotContains(response, "data-gongkai-checks")

    def test_the_draft_is_checked_not_the_published_version(self):
        draft = self.fresh.specific
        draft.title = "关于的决议全文"
        draft.save_revision()
        found = dict(editor_findings(self.fresh.specific))
        self.assertIn("关于的决议", found["疑似漏字"])
        self.assertNotIn("严重错别字", found)
        self.fresh.refresh_from_db()
        self.assertEqual(self.fresh.title, "全区经济运行良好")  # still live as it was

    def test_a_clean_page_shows_nothing(self):
        self.misspelt.title = "学习习近平总书记重要讲话精神"
        self.misspelt.save_revision()
        response = self.edit(self.own.users[Role.EDITOR], self.misspelt)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "网站自查·严重错别字")
        self.assertNotContains(response, "网站自查·疑似漏字")
        self.assertIn('data-gongkai-checks-open="0"', checks_panel_html(response))
        self.assertNotIn("data-gongkai-hit", checks_panel_html(response))

    def test_an_editor_of_another_department_cannot_open_it(self):
        response = self.edit(self.other.users[Role.EDITOR], self.misspelt)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotContains(response, "习近乎", status_code=response.status_code)

    def test_missing_classification_is_named_before_the_first_publish(self):
        page = self.misspelt.specific
        page.genre = None
        page.save_revision()
        found = dict(editor_findings(page))
        self.assertIn("体裁分类", found.get("缺少元数据", ""))
        self.assertNotIn("索引号", found.get("缺少元数据", ""))  # it has one


class StatisticalFindingsInTheEditorTests(InspectionTestCase):
    """疑似错别字 (the statistical check, with the site's stored model) in the checks
    panel: a warning with its correction and confidence, never a block."""

    SUMMARY = CLEAN[CLEAN.index("推动产业向中高端迈进") :][:200]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        store_site_text([SITE_TEXT])

    def setUp(self):
        super().setUp()
        for forget in (result_cache.clear, lm_store.forget_loaded):
            forget()
            self.addCleanup(forget)
        result_cache.forget_versions()

    def edit_with_summary(self, summary):
        page = self.misspelt.specific
        page.title = "学习习近平总书记重要讲话精神"
        page.summary = summary
        page.save_revision()
        client = Client()
        client.force_login(self.own.users[Role.EDITOR])
        return page, client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    def test_a_suspected_misspelling_is_a_warning_in_the_checks_panel(self):
        self.assertIn("平稳运行", self.SUMMARY)
        page, response = self.edit_with_summary(
            self.SUMMARY.replace("平稳运行", "平稳运形")
        )
        self.assertEqual(response.status_code, 200)
        panel = checks_panel_html(response)
        start = panel.index('data-gongkai-finding="疑似错别字"')
        finding = panel[
            panel.rindex("<article", 0, start) : panel.index("</article>", start)
        ]
        self.assertIn("gongkai-check--warning", finding)
        self.assertIn("运形”疑为“", finding)
        self.assertIn("运行”（同音，置信度 ", finding)
        # A warning: nothing to confirm, and 终审 is not refused for it.
        self.assertIn('data-gongkai-checks-open="0"', panel)
        self.assertNotIn("data-gongkai-hit", panel)
        approver = self.own.users[Role.FINAL_APPROVER]
        self.assertIsNone(
            final_approval_error(page, page.get_latest_revision(), approver)
        )

    def test_the_clean_text_has_no_statistical_finding(self):
        _page, response = self.edit_with_summary(self.SUMMARY)
        self.assertNotIn("疑似错别字", checks_panel_html(response))
