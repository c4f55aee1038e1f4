"""The page's own findings shown in the page editor, on the draft, before publishing."""

from django.test import Client
from django.urls import reverse

from gongkai.editorial.enums import Role

from ..editor import editor_findings
from .test_inspection import InspectionTestCase


class EditorFindingsTests(InspectionTestCase):
    def edit(self, user, page):
        client = Client()
        client.force_login(user)
        return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    def test_the_editor_shows_the_misspelt_leader_name_of_its_page(self):
        editor = self.own.users[Role.EDITOR]
        response = self.edit(editor, self.misspelt)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "网站自查·严重错别字")
        self.assertContains(response, "“习近乎”应为“习近平”")

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
