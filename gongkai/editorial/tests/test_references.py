"""Department isolation of content references, document downloads and reports (issue 13, item 6)."""

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import rich_text

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import article_form_data, create_article
from gongkai.core.tests.factories import create_home_page

from ..enums import Role
from .factories import create_department, create_user

FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"]


def _form(title, publisher, body, **extra):
    fields = {
        "title": title,
        "slug": f"s-{abs(hash(title)) % 10**8}",
        "publisher": publisher.pk,
    }
    return article_form_data(body=body, **{**fields, **extra})


class Fixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = create_home_page()
        cls.own = create_department(parent=home)
        cls.other = create_department(parent=home)
        cls.media = {}
        for key, department in (("own", cls.own), ("other", cls.other)):
            collection = department.organisation.media_collection.collection
            cls.media[key] = (
                Document.objects.create(
                    title=f"{key} document",
                    collection=collection,
                    file=ContentFile(
                        b"%PDF-1.4 secret " + key.encode(), name=f"{key}.pdf"
                    ),
                ),
                Image.objects.create(
                    title=f"{key} image",
                    collection=collection,
                    file=get_test_image_file(f"{key}.png"),
                ),
            )
        cls.other_draft = create_article(
            column=cls.other.column,
            publisher=cls.other.organisation,
            title="BRAVO draft",
        )
        cls.own_draft = create_article(
            column=cls.own.column, publisher=cls.own.organisation, title="ALPHA draft"
        )

    def add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=["catalog", "articlepage", self.own.column.pk],
        )


class FormRefusesForeignReferencesTests(Fixture):
    def bodies(self, key):
        document, image = self.media[key]
        page = self.other_draft if key == "other" else self.own_draft
        return {
            "attachment block (StructBlock)": [
                ("attachment", {"document": document.pk, "title": ""})
            ],
            "image block (StructBlock)": [
                ("image", {"image": image.pk, "alt_text": "图", "caption": ""})
            ],
            "rich text document link": [
                (
                    "paragraph",
                    rich_text(
                        f'<p><a linktype="document" id="{document.pk}">附件</a></p>',
                        features=FEATURES,
                    ),
                )
            ],
            "rich text page link": [
                (
                    "paragraph",
                    rich_text(
                        f'<p><a linktype="page" id="{page.pk}">链接</a></p>',
                        features=FEATURES,
                    ),
                )
            ],
        }

    def test_each_role_is_refused_another_departments_references_in_each_block(self):
        for role in (Role.EDITOR, Role.DISCLOSURE_OFFICER):
            client = self.own.client(role)
            for label, body in self.bodies("other").items():
                with self.subTest(role=role, block=label):
                    title = f"外部引用 {role} {label}"
                    response = client.post(
                        self.add_url(), _form(title, self.own.organisation, body)
                    )
                    self.assertEqual(response.status_code, 200)
                    self.assertIn("您无权使用", str(response.context["form"].errors))
                    self.assertContains(response, "您无权使用")
                    self.assertContains(response, title)  # typed content kept
                    self.assertFalse(ArticlePage.objects.filter(title=title).exists())

    def test_own_references_are_accepted(self):
        client = self.own.client(Role.EDITOR)
        for label, body in self.bodies("own").items():
            with self.subTest(block=label):
                title = f"本机构引用 {label}"
                response = client.post(
                    self.add_url(), _form(title, self.own.organisation, body)
                )
                self.assertEqual(
                    response.status_code, 302, response.content.decode()[-3000:]
                )
                self.assertTrue(ArticlePage.objects.filter(title=title).exists())

    def test_nonexistent_and_foreign_ids_in_rich_text_are_refused_on_edit(self):
        client = self.own.client(Role.EDITOR)
        body = [
            (
                "paragraph",
                rich_text(
                    f'<p><a linktype="document" id="{self.media["other"][0].pk}">a</a>'
                    f'<a linktype="page" id="99999999">b</a></p>',
                    features=FEATURES,
                ),
            )
        ]
        url = reverse("wagtailadmin_pages:edit", args=[self.own_draft.pk])
        response = client.post(
            url,
            _form("ALPHA draft", self.own.organisation, body, slug=self.own_draft.slug),
        )
        self.assertContains(response, "您无权使用")
        self.assertContains(response, f"文档 #{self.media['other'][0].pk}")

    def test_a_live_page_of_another_department_may_be_linked(self):
        from gongkai.catalog.tests.factories import publish

        live = publish(
            create_article(column=self.other.column, publisher=self.other.organisation)
        )
        body = [
            (
                "paragraph",
                rich_text(
                    f'<p><a linktype="page" id="{live.pk}">x</a></p>', features=FEATURES
                ),
            )
        ]
        response = self.own.client(Role.EDITOR).post(
            self.add_url(), _form("链接已发布", self.own.organisation, body)
        )
        self.assertEqual(response.status_code, 302)

    def test_preview_refuses_another_departments_document(self):
        client = self.own.client(Role.EDITOR)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.own_draft.pk])
        body = self.bodies("other")["attachment block (StructBlock)"]
        response = client.post(
            url,
            _form("ALPHA draft", self.own.organisation, body, slug=self.own_draft.slug),
        )
        self.assertFalse(response.json()["is_valid"])
        preview = client.get(url)
        self.assertNotContains(preview, self.media["other"][0].url)

    def test_superuser_may_reference_anything(self):
        client = self.own.client(Role.EDITOR)
        client.force_login(create_user(is_superuser=True, is_staff=True))
        body = self.bodies("other")["attachment block (StructBlock)"]
        response = client.post(
            self.add_url(), _form("管理员引用", self.own.organisation, body)
        )
        self.assertEqual(response.status_code, 302)


class DocumentDownloadTests(Fixture):
    def download(self, client, document):
        return client.get(document.url)

    def test_unpublished_document_download_rules(self):
        from django.test import Client

        document = self.media["own"][0]
        self.assertEqual(self.download(Client(), document).status_code, 404)
        for role in Role:
            with self.subTest(other_department=role):
                self.assertEqual(
                    self.download(self.other.client(role), document).status_code, 404
                )
        for (
            role
        ) in Role:  # reviewers and final approvers may choose it: they review the page
            with self.subTest(own_department=role):
                response = self.download(self.own.client(role), document)
                self.assertEqual(response.status_code, 200)
                self.assertIn(b"secret own", b"".join(response.streaming_content))

    def test_anonymous_download_once_a_live_page_links_it(self):
        from django.test import Client

        from gongkai.catalog.tests.factories import publish

        document = self.media["own"][0]
        page = create_article(
            column=self.own.column,
            publisher=self.own.organisation,
            body=[("attachment", {"document": document, "title": ""})],
        )
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision()
        self.assertEqual(
            self.download(Client(), document).status_code, 404
        )  # a draft links it
        with self.captureOnCommitCallbacks(execute=True):
            publish(page)
        self.assertEqual(self.download(Client(), document).status_code, 200)
        self.assertEqual(
            self.download(self.other.client(Role.EDITOR), document).status_code, 200
        )
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePage.objects.get(pk=page.pk).unpublish()
        self.assertEqual(self.download(Client(), document).status_code, 404)

    def test_wrong_name_and_huge_id_are_404(self):
        from django.test import Client

        document = self.media["own"][0]
        self.assertEqual(
            Client().get(f"/documents/{document.pk}/other.pdf").status_code, 404
        )
        self.assertEqual(
            Client().get("/documents/99999999999999999999/x.pdf").status_code, 404
        )


class ReportScopingTests(Fixture):
    def test_reports_and_listings_hide_other_departments_drafts(self):
        self.other_draft.save_revision(user=self.other.users[Role.EDITOR])
        ArticlePage.objects.filter(pk=self.other_draft.pk).update(locked=True)
        urls = {
            "page types usage": reverse("wagtailadmin_reports:page_types_usage"),
            "page types usage results": reverse(
                "wagtailadmin_reports:page_types_usage_results"
            ),
            "locked pages": reverse("wagtailadmin_reports:locked_pages"),
            "aging pages": reverse("wagtailadmin_reports:aging_pages"),
            "site history": reverse("wagtailadmin_reports:site_history"),
            "admin search": reverse("wagtailadmin_pages:search") + "?q=draft",
            "page chooser search": reverse("wagtailadmin_choose_page_search")
            + "?q=draft",
            "document chooser": reverse("wagtaildocs_chooser:choose"),
            "image chooser": reverse("wagtailimages_chooser:choose"),
            "admin API": reverse("wagtailadmin_api:pages:listing") + "?search=draft",
        }
        for role in Role:
            client = self.own.client(role)
            for label, url in urls.items():
                with self.subTest(role=role, view=label):
                    response = client.get(url)
                    self.assertIn(response.status_code, (200, 302, 403))
                    content = response.content.decode()
                    self.assertNotIn("BRAVO", content)
                    self.assertNotIn("other document", content)
                    self.assertNotIn("other image", content)

    def test_page_types_usage_names_the_own_latest_draft_and_counts_only_visible_pages(
        self,
    ):
        self.own_draft.save_revision(user=self.own.users[Role.EDITOR])
        response = self.own.client(Role.EDITOR).get(
            reverse("wagtailadmin_reports:page_types_usage")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ALPHA draft")
        self.assertNotContains(response, "BRAVO")
        superuser = create_user(is_superuser=True, is_staff=True)
        client = self.own.client(Role.EDITOR)
        client.force_login(superuser)
        self.other_draft.save_revision(user=superuser)
        self.assertContains(
            client.get(reverse("wagtailadmin_reports:page_types_usage")), "BRAVO"
        )
