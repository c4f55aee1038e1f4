"""Each admin listing, chooser and search shows a department only its own objects."""

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from gongkai.catalog.tests.factories import create_article
from gongkai.core.tests.factories import create_home_page

from ..enums import Role
from .factories import create_department, create_user


class IsolationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(
            execute=True
        ):  # search-index updates run on commit
            cls._create_objects()
        cls.superuser = create_user(is_superuser=True, is_staff=True)

    @classmethod
    def _create_objects(cls):
        home = create_home_page()
        cls.home = home
        cls.own = create_department(parent=home)
        cls.other = create_department(parent=home)
        cls.own_page = create_article(
            column=cls.own.column,
            publisher=cls.own.organisation,
            title="isotoken ALPHA own draft",
        )
        cls.other_page = create_article(
            column=cls.other.column,
            publisher=cls.other.organisation,
            title="isotoken BRAVO other draft",
        )
        for department, label in ((cls.own, "ALPHA"), (cls.other, "BRAVO")):
            collection = department.organisation.media_collection.collection
            Document.objects.create(
                title=f"isotoken {label} document",
                collection=collection,
                file=ContentFile(b"%PDF-1.4 test", name=f"{label}.pdf"),
            )
            Image.objects.create(
                title=f"isotoken {label} image",
                collection=collection,
                file=get_test_image_file(f"{label}.png"),
            )

    def get(self, client, name, *args, query=None):
        return client.get(reverse(name, args=args), query or {})

    def assert_own_only(self, response):
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn("ALPHA", content)
        self.assertNotIn("BRAVO", content)

    def test_each_role_sees_only_its_department(self):
        """Editor, reviewer, final approver and disclosure officer: explorer, search, choosers."""
        for role in Role:
            client = self.own.client(role)
            checks = {
                "explorer": ("wagtailadmin_explore", (self.own.column.pk,), None),
                "page search": ("wagtailadmin_pages:search", (), {"q": "isotoken"}),
                "page chooser": (
                    "wagtailadmin_choose_page_child",
                    (self.own.column.pk,),
                    None,
                ),
                "page chooser search": (
                    "wagtailadmin_choose_page_search",
                    (),
                    {"q": "isotoken"},
                ),
                "documents": ("wagtaildocs:index", (), None),
                "document search": ("wagtaildocs:index", (), {"q": "isotoken"}),
                "image search": ("wagtailimages:index", (), {"q": "isotoken"}),
                "document chooser": ("wagtaildocs_chooser:choose", (), None),
                "document chooser search": (
                    "wagtaildocs_chooser:choose_results",
                    (),
                    {"q": "isotoken"},
                ),
                "images": ("wagtailimages:index", (), None),
                "image chooser": ("wagtailimages_chooser:choose", (), None),
                "image chooser search": (
                    "wagtailimages_chooser:choose_results",
                    (),
                    {"q": "isotoken"},
                ),
            }
            for label, (name, args, query) in checks.items():
                if (
                    role not in (Role.EDITOR, Role.DISCLOSURE_OFFICER)
                    and label.startswith(("document", "image"))
                    and "chooser" not in label
                ):
                    continue  # reviewers may choose media but not manage it
                with self.subTest(role=role, view=label):
                    self.assert_own_only(self.get(client, name, *args, query=query))

    def test_page_chooser_hides_another_departments_column(self):
        client = self.own.client(Role.EDITOR)
        for page in (self.home, self.other.column):
            with self.subTest(parent=page.title):
                content = self.get(
                    client, "wagtailadmin_choose_page_child", page.pk
                ).content.decode()
                self.assertNotIn(self.other.column.title, content)
                self.assertNotIn("BRAVO", content)

    def test_exploring_another_department_redirects_to_the_own_column(self):
        response = self.get(
            self.own.client(Role.EDITOR), "wagtailadmin_explore", self.other.column.pk
        )
        self.assertRedirects(
            response,
            reverse("wagtailadmin_explore", args=[self.own.column.pk]),
            fetch_redirect_response=False,
        )

    def test_another_departments_page_cannot_be_edited(self):
        response = self.get(
            self.own.client(Role.EDITOR), "wagtailadmin_pages:edit", self.other_page.pk
        )
        self.assertNotEqual(response.status_code, 200)
        response = self.get(
            self.own.client(Role.EDITOR), "wagtailadmin_pages:edit", self.own_page.pk
        )
        self.assertEqual(response.status_code, 200)

    def test_site_administrator_sees_all(self):
        client = self.own.client(Role.EDITOR)
        client.force_login(self.superuser)
        for name, args, query in (
            ("wagtailadmin_choose_page_search", (), {"q": "isotoken"}),
            ("wagtaildocs:index", (), None),
            ("wagtailimages_chooser:choose", (), None),
        ):
            with self.subTest(view=name):
                content = self.get(client, name, *args, query=query).content.decode()
                self.assertIn("ALPHA", content)
                self.assertIn("BRAVO", content)


class InterpretationTargetsTests(TestCase):
    def test_the_interpretation_form_offers_no_other_departments_drafts(self):
        home = create_home_page()
        own = create_department(parent=home)
        other = create_department(parent=home)
        create_article(
            column=own.column, publisher=own.organisation, title="ALPHA own draft"
        )
        create_article(
            column=other.column, publisher=other.organisation, title="BRAVO other draft"
        )
        url = reverse(
            "wagtailadmin_pages:add",
            args=["catalog", "interpretationpage", own.column.pk],
        )
        content = own.client(Role.EDITOR).get(url).content.decode()
        self.assertIn("ALPHA own draft", content)
        self.assertNotIn("BRAVO other draft", content)


class ReviewListingIsolationTests(TestCase):
    """Dashboard, workflow reports and site history show only the department's items."""

    @classmethod
    def setUpTestData(cls):
        from ..workflows import ensure_default_workflows
        from .factories import add_article, submit_for_review

        ensure_default_workflows()
        home = create_home_page()
        cls.own = create_department(parent=home)
        cls.other = create_department(parent=home)
        for department, title in (
            (cls.own, "ALPHA in review"),
            (cls.other, "BRAVO in review"),
        ):
            client = department.client(Role.EDITOR)
            add_article(client, department, title=title)
            from gongkai.catalog.models import ArticlePage

            submit_for_review(client, ArticlePage.objects.get(title=title))

    def test_review_listings_show_only_the_own_department(self):
        views = {
            "dashboard": reverse("wagtailadmin_home"),
            "workflow report": reverse("wagtailadmin_reports:workflow"),
            "workflow tasks report": reverse("wagtailadmin_reports:workflow_tasks"),
            "site history": reverse("wagtailadmin_reports:site_history"),
        }
        for role in (Role.REVIEWER, Role.EDITOR):
            client = self.own.client(role)
            for label, url in views.items():
                with self.subTest(role=role, view=label):
                    response = client.get(url)
                    if response.status_code != 200:
                        self.assertEqual(
                            response.status_code, 302
                        )  # no access at all: also isolated
                        continue
                    self.assertNotIn("BRAVO", response.content.decode())
        dashboard = (
            self.own.client(Role.REVIEWER)
            .get(reverse("wagtailadmin_home"))
            .content.decode()
        )
        self.assertIn("ALPHA in review", dashboard)


class PublisherChoiceTests(TestCase):
    def test_an_editor_publishes_only_in_the_name_of_the_own_organisation(self):
        from gongkai.catalog.models import ArticlePage

        from .factories import add_article, article_form_data

        home = create_home_page()
        own = create_department(parent=home)
        other = create_department(parent=home)
        client = own.client(Role.EDITOR)
        url = reverse(
            "wagtailadmin_pages:add", args=["catalog", "articlepage", own.column.pk]
        )
        response = client.post(
            url,
            article_form_data(
                title="冒名稿件", slug="fake", publisher=other.organisation
            ),
        )
        self.assertContains(response, "您不能以该机构的名义发布信息")
        self.assertFalse(ArticlePage.objects.filter(title="冒名稿件").exists())
        self.assertEqual(add_article(client, own, title="本机构稿件").status_code, 302)
