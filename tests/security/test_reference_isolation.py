"""Department isolation of references on every page type (issue 13, item 6).

The check is not a list of fields: every page type's edit form extends
ContentCheckedPageForm (set at start-up, enforced by a system check), so every field
with references — rich text of any page type such as a column's 栏目说明, StreamField —
goes through gongkai.editorial's check. Proved here on ColumnPage.intro, which no
disclosure form covers, and on every page type's real edit form class.
"""

from django.core.checks import run_checks
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import nested_form_data, rich_text

from gongkai.catalog.tests.factories import create_article
from gongkai.columns.models import ColumnPage
from gongkai.core.page_forms import ContentCheckedPageForm
from gongkai.core.tests.factories import create_home_page
from gongkai.editorial.enums import Role
from gongkai.editorial.tests.factories import create_department


class EveryPageTypeTests(SimpleTestCase):
    def test_every_page_types_edit_form_runs_the_content_check(self):
        models = [model for model in get_page_models() if model is not Page]
        self.assertIn(ColumnPage, models)
        for model in models:
            with self.subTest(model=model.__name__):
                form_class = model.get_edit_handler().get_form_class()
                self.assertTrue(
                    issubclass(form_class, ContentCheckedPageForm), form_class.__mro__
                )

    def test_a_page_type_with_an_unchecked_form_fails_the_system_check(self):
        self.assertFalse([m for m in run_checks() if m.id == "gongkai_core.E001"])
        original = ColumnPage.base_form_class
        ColumnPage.base_form_class = WagtailAdminPageForm
        try:
            errors = [m for m in run_checks() if m.id == "gongkai_core.E001"]
        finally:
            ColumnPage.base_form_class = original
        self.assertEqual([error.obj for error in errors], [ColumnPage])


class ColumnIntroTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = create_home_page()
        cls.own = create_department(parent=home)
        cls.other = create_department(parent=home)
        cls.other_draft = create_article(
            column=cls.other.column,
            publisher=cls.other.organisation,
            title="BRAVO draft",
        )

    def post_column(self, role, title, intro_html):
        url = reverse(
            "wagtailadmin_pages:add", args=["columns", "columnpage", self.own.column.pk]
        )
        data = nested_form_data(
            {
                "title": title,
                "slug": f"c-{abs(hash(title)) % 10**8}",
                "intro": rich_text(intro_html, features=["bold", "link"]),
                "items_per_page": 20,
                "list_mode": "list",
            }
        )
        return self.own.client(role).post(url, data)

    def test_each_role_is_refused_another_departments_document_or_draft_in_the_intro(
        self,
    ):
        # The intro's features (bold, link) have no document links: a document link is
        # dropped by the editor's own conversion; page links are checked.
        links = {
            "draft page": f'<p><a linktype="page" id="{self.other_draft.pk}">链接</a></p>',
            "draft page, bold": f'<p><b><a linktype="page" id="{self.other_draft.pk}">链接</a></b></p>',
        }
        for role in (Role.EDITOR, Role.DISCLOSURE_OFFICER):
            for label, html in links.items():
                with self.subTest(role=role, link=label):
                    title = f"栏目 {role} {label}"
                    response = self.post_column(role, title, html)
                    self.assertEqual(response.status_code, 200)
                    self.assertIn("您无权使用", str(response.context["form"].errors))
                    self.assertContains(response, title)  # typed content kept
                    self.assertFalse(ColumnPage.objects.filter(title=title).exists())

    def test_a_link_to_the_own_departments_draft_is_accepted(self):
        own_draft = create_article(
            column=self.own.column, publisher=self.own.organisation, title="ALPHA draft"
        )
        html = f'<p><a linktype="page" id="{own_draft.pk}">链接</a></p>'
        response = self.post_column(Role.EDITOR, "本机构栏目", html)
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        self.assertTrue(ColumnPage.objects.filter(title="本机构栏目").exists())
