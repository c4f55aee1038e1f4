"""Department isolation through the demo's own accounts (issue 13, item 6).

`build_demo_site` creates the departments and their users exactly as `gongkai demo`
does (`<key>-editor`, `-reviewer`, `-final`, `-office`, the demo password); each test
logs in through the admin's login form with that password, never force_login. 区发改局
(ndrc) and 区教育局 (education) each get a draft and an unpublished attachment; every
role of one department works in its own column and is refused the other's.
"""

from django.core.files.base import ContentFile
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import rich_text

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import article_form_data, create_article
from gongkai.columns.models import ColumnPage
from gongkai.demo.builder import build_demo_site
from gongkai.demo.editorial import DEPARTMENTS, ROLE_SUFFIX, department_password

COLUMN = {key: slug for key, slug, _title in DEPARTMENTS}
ROLES = tuple(ROLE_SUFFIX.values())  # editor, reviewer, final, office


class DemoDepartmentIsolationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=4)
        cls.columns, cls.drafts, cls.documents = {}, {}, {}
        for key in ("ndrc", "education"):
            column = ColumnPage.objects.get(slug=COLUMN[key])
            organisation = cls.demo.organisations[key]
            cls.columns[key] = column
            cls.drafts[key] = create_article(
                column=column, publisher=organisation, title=f"{key} 内部草稿"
            )
            cls.documents[key] = Document.objects.create(
                title=f"{key} 未公开附件",
                collection=organisation.media_collection.collection,
                file=ContentFile(b"%PDF-1.4 secret " + key.encode(), name=f"{key}.pdf"),
            )

    def login(self, key: str, role: str) -> Client:
        client = Client()
        response = client.post(
            reverse("wagtailadmin_login"),
            {"username": f"{key}-{role}", "password": department_password()},
        )
        self.assertEqual(response.status_code, 302, f"{key}-{role} could not log in")
        return client

    def test_every_role_sees_its_own_draft_and_not_the_other_departments(self):
        for key, other in (("ndrc", "education"), ("education", "ndrc")):
            for role in ROLES:
                with self.subTest(account=f"{key}-{role}"):
                    client = self.login(key, role)
                    own = client.get(
                        reverse("wagtailadmin_explore", args=[self.columns[key].pk])
                    )
                    self.assertContains(own, self.drafts[key].title)
                    self.assertNotContains(own, self.drafts[other].title)
                    search = client.get(
                        reverse("wagtailadmin_pages:search"), {"q": "内部草稿"}
                    )
                    self.assertNotContains(search, self.drafts[other].title)
                    # Probing the other department by id: no edit form, no preview, no file.
                    edit = client.get(
                        reverse("wagtailadmin_pages:edit", args=[self.drafts[other].pk])
                    )
                    self.assertNotEqual(edit.status_code, 200)
                    preview = client.get(
                        reverse(
                            "wagtailadmin_pages:view_draft",
                            args=[self.drafts[other].pk],
                        )
                    )
                    self.assertNotEqual(preview.status_code, 200)
                    document = self.documents[other]
                    download = client.get(
                        reverse(
                            "wagtaildocs_serve", args=[document.pk, document.filename]
                        )
                    )
                    self.assertEqual(download.status_code, 404)
                    mine = self.documents[key]
                    self.assertEqual(
                        client.get(
                            reverse("wagtaildocs_serve", args=[mine.pk, mine.filename])
                        ).status_code,
                        200,
                    )

    def test_an_editor_cannot_add_pages_in_the_other_department(self):
        client = self.login("ndrc", "editor")
        url = reverse(
            "wagtailadmin_pages:add",
            args=["catalog", "articlepage", self.columns["education"].pk],
        )
        data = article_form_data(
            title="越权新增",
            slug="yuequan",
            publisher=self.demo.organisations["education"].pk,
        )
        response = client.post(url, data)
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(ArticlePage.objects.filter(title="越权新增").exists())

    def test_an_editor_cannot_link_the_other_departments_draft_or_attachment(self):
        client = self.login("ndrc", "editor")
        url = reverse(
            "wagtailadmin_pages:add",
            args=["catalog", "articlepage", self.columns["ndrc"].pk],
        )
        features = ["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"]
        for label, html in (
            (
                "draft",
                f'<p><a linktype="page" id="{self.drafts["education"].pk}">链接</a></p>',
            ),
            (
                "attachment",
                f'<p><a linktype="document" id="{self.documents["education"].pk}">附件</a></p>',
            ),
        ):
            with self.subTest(link=label):
                title = f"引用他部门{label}"
                data = article_form_data(
                    title=title,
                    slug=f"yinyong-{label}",
                    publisher=self.demo.organisations["ndrc"].pk,
                    body=[("paragraph", rich_text(html, features=features))],
                )
                response = client.post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "您无权使用")
                self.assertFalse(ArticlePage.objects.filter(title=title).exists())

    def test_a_wrong_password_does_not_log_in(self):
        response = Client().post(
            reverse("wagtailadmin_login"),
            {"username": "ndrc-editor", "password": "guess"},
        )
        self.assertEqual(response.status_code, 200)
