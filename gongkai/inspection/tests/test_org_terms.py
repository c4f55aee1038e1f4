"""An organisation's own protected terms (issue #17 item 3): kept by its 公开办, applied on
its pages (editor, 终审, publish guards, the site-wide run) like the national list."""

import shutil
import tempfile
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.tests.factories import create_article
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.editorial.enums import Role
from gongkai.editorial.tests.factories import create_department, create_user
from gongkai.publishing.services import publish_site

from ..acknowledgements import acknowledge, final_approval_error, severe_hits
from ..editor import editor_findings
from ..models import ProtectedTerm
from ..org_terms import checker_for_page, checkers_by_page
from ..services import inspect_site
from ..spelling import NATIONAL, Checker, find_misspellings

WRONG = "区长王建囯"
TITLE = "区长王建囯调研安全生产工作"
FIXED = "区长王建国调研安全生产工作"


class CheckerTests(TestCase):
    def test_an_organisation_term_is_severe_only_with_its_checker(self):
        checker = Checker({"王建国": ["王建囯"]})
        hits = find_misspellings(TITLE, checker)
        self.assertEqual(
            [(hit.wrong, hit.correct, hit.severe) for hit in hits],
            [("王建囯", "王建国", True)],
        )
        self.assertEqual(find_misspellings(TITLE), [])  # the national list only
        # The national list still applies with an organisation's checker.
        self.assertEqual(
            [hit.wrong for hit in find_misspellings("习近乎", checker)], ["习近乎"]
        )


class OrgTermsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_page(title="金东区人民政府")
        cls.site = cls.home.get_site()
        cls.own = create_department(parent=cls.home)
        cls.other = create_department(parent=cls.home)
        for department in (cls.own, cls.other):
            department.column.save_revision().publish()
        cls.term = ProtectedTerm.objects.create(
            organisation=cls.own.organisation,
            term="王建国",
            wrong_forms="王建囯\n王健国\n",
            note="区政府任免文件",
        )
        cls.other_term = ProtectedTerm.objects.create(
            organisation=cls.other.organisation, term="李明", wrong_forms="李名"
        )

    def article(self, department, title=TITLE):
        return create_article(
            column=department.column,
            publisher=department.organisation,
            title=title,
            published_at=timezone.now() - timedelta(days=1),
        )


class PageTests(OrgTermsTestCase):
    def test_a_misspelt_local_leader_blocks_like_a_national_term(self):
        page = self.article(self.own)
        revision = page.save_revision()
        self.assertEqual([hit.wrong for hit in severe_hits(revision)], ["王建囯"])
        self.assertIn(
            ("严重错别字", "“王建囯”应为“王建国”（…" + TITLE + "…）"),
            editor_findings(page),
        )
        error = final_approval_error(page, revision, None)
        self.assertIn("“王建囯”（应为“王建国”）", error)
        # Any publish is refused until someone who may publish it confirms the hit.
        with self.assertRaises(ValidationError):
            revision.publish()
        acknowledge(self.own.users[Role.FINAL_APPROVER], page, revision, "王建囯")
        self.assertIsNone(final_approval_error(page, revision, None))
        revision.publish()
        page.refresh_from_db()
        self.assertTrue(page.live)

    def test_the_same_text_on_another_organisations_item_passes(self):
        page = self.article(self.other)
        revision = page.save_revision()
        self.assertEqual(severe_hits(revision), [])
        self.assertIsNone(final_approval_error(page, revision, None))
        revision.publish()  # no guard refuses it

    def test_a_disabled_term_is_not_applied(self):
        ProtectedTerm.objects.filter(pk=self.term.pk).update(enabled=False)
        page = self.article(self.own)
        self.assertEqual(severe_hits(page.save_revision()), [])

    def test_the_editor_panel_shows_the_hit(self):
        page = self.article(self.own)
        page.save_revision()
        client = Client()
        client.force_login(self.own.users[Role.FINAL_APPROVER])
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, 'data-gongkai-hit="王建囯"')


class SiteRunTests(OrgTermsTestCase):
    def setUp(self):
        root = tempfile.mkdtemp(prefix="gk-orgterms-test-")
        self.addCleanup(shutil.rmtree, root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=root)
        overrides.enable()
        self.addCleanup(overrides.disable)

    def test_the_run_flags_the_term_on_its_organisations_items_only(self):
        # Published before the terms were entered (the run is what finds them).
        ProtectedTerm.objects.update(enabled=False)
        own = self.article(self.own)
        own.save_revision().publish()
        other = self.article(self.other, title=TITLE.replace("区长", "局长"))
        other.save_revision().publish()
        ProtectedTerm.objects.update(enabled=True)
        publish_site(site=self.site)
        report = inspect_site(site=self.site)
        misspelt = [f for f in report.findings if f.check == "misspelling"]
        self.assertEqual([f.page_id for f in misspelt], [own.pk])
        self.assertIn("“王建囯”应为“王建国”", misspelt[0].message)
        self.assertEqual(misspelt[0].rule, "misspelling")
        self.assertTrue(report.failed)

        ProtectedTerm.objects.update(enabled=False)
        report = inspect_site(site=self.site)
        self.assertNotIn("misspelling", [f.check for f in report.findings])
        self.assertFalse(report.failed)


class OwnerTests(OrgTermsTestCase):
    def test_a_page_gets_the_terms_of_the_deepest_organisation_above_it(self):
        government = create_organisation(root_page=self.home)
        ProtectedTerm.objects.create(
            organisation=government, term="陈志远", wrong_forms="陈志元"
        )
        bare = create_department(parent=self.home)  # no terms of its own
        pages = [self.article(d) for d in (self.own, self.other, bare)]
        by_page = checkers_by_page([*(page.pk for page in pages), self.home.pk])
        for page in [*pages, self.home]:
            # The run and the editor agree on each page's checker.
            expected = checker_for_page(page).correct_of
            self.assertEqual(by_page.get(page.pk, NATIONAL).correct_of, expected)
        self.assertIn("王建囯", by_page[pages[0].pk].correct_of)
        self.assertNotIn("陈志元", by_page[pages[0].pk].correct_of)
        self.assertIn("陈志元", by_page[self.home.pk].correct_of)
        self.assertNotIn(pages[2].pk, by_page)  # national only, not the government's


class ValidationTests(OrgTermsTestCase):
    def errors(self, **fields):
        values = {"organisation": self.own.organisation, "term": "张华"}
        values.update(fields)
        try:
            ProtectedTerm(**values).full_clean()
        except ValidationError as error:
            return error.message_dict.get("wrong_forms", error.message_dict)
        return []

    def test_each_wrong_form_is_checked(self):
        self.assertEqual(self.errors(wrong_forms="张桦\n张化"), [])
        self.assertEqual(self.errors(wrong_forms="\n \n"), ["请至少填写一个错误写法。"])
        self.assertEqual(self.errors(wrong_forms="张华"), ["“张华”与规范写法相同。"])
        self.assertEqual(self.errors(wrong_forms="张桦\n张桦"), ["“张桦”重复填写。"])
        self.assertEqual(
            self.errors(wrong_forms="习近平"),
            ["“习近平”本身是保护词，不能作为错误写法。"],
        )
        self.assertEqual(
            self.errors(wrong_forms="王建国"),  # another term of the organisation
            ["“王建国”本身是保护词，不能作为错误写法。"],
        )
        # Another organisation's term is that organisation's business.
        self.assertEqual(self.errors(wrong_forms="李明"), [])


class EditorAccessTests(OrgTermsTestCase):
    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def url(self, name, *args):
        return reverse(f"wagtailsnippets_inspection_protectedterm:{name}", args=args)

    def test_an_office_keeps_only_its_own_organisations_terms(self):
        office = self.client_for(self.own.users[Role.DISCLOSURE_OFFICER])
        listing = office.get(self.url("list"))
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, "王建国")
        self.assertNotContains(listing, "李明")
        self.assertEqual(office.get(self.url("edit", self.term.pk)).status_code, 200)
        for name in ("edit", "delete", "copy", "history", "usage"):
            url = self.url(name, self.other_term.pk)
            self.assertEqual(office.get(url).status_code, 404, name)
        response = office.post(
            self.url("edit", self.other_term.pk),
            {
                "organisation": self.own.organisation.pk,
                "term": "李明",
                "wrong_forms": "x",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            office.post(self.url("delete", self.other_term.pk)).status_code, 404
        )
        self.assertTrue(ProtectedTerm.objects.filter(pk=self.other_term.pk).exists())
        self.assertEqual(office.get(self.url("edit", 2**63)).status_code, 404)

    def test_the_add_form_offers_and_accepts_only_its_own_organisation(self):
        office = self.client_for(self.own.users[Role.DISCLOSURE_OFFICER])
        form = office.get(self.url("add"))
        self.assertEqual(form.status_code, 200)
        self.assertContains(form, self.own.organisation.name)
        self.assertNotContains(form, self.other.organisation.name)
        data = {"term": "赵刚", "wrong_forms": "赵钢", "note": "", "enabled": "on"}
        refused = office.post(
            self.url("add"), {**data, "organisation": self.other.organisation.pk}
        )
        self.assertEqual(refused.status_code, 200)  # the form again, with the error
        self.assertFalse(ProtectedTerm.objects.filter(term="赵刚").exists())
        office.post(self.url("add"), {**data, "organisation": self.own.organisation.pk})
        self.assertEqual(
            ProtectedTerm.objects.get(term="赵刚").organisation, self.own.organisation
        )

    def test_an_invalid_form_keeps_what_was_typed(self):
        office = self.client_for(self.own.users[Role.DISCLOSURE_OFFICER])
        response = office.post(
            self.url("add"),
            {
                "organisation": self.own.organisation.pk,
                "term": "赵刚",
                "wrong_forms": "赵钢\n赵刚",
                "note": "任免文件",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "“赵刚”与规范写法相同。")
        self.assertContains(response, "赵钢\n赵刚")
        self.assertContains(response, "任免文件")
        self.assertFalse(ProtectedTerm.objects.filter(term="赵刚").exists())

    def test_an_editor_cannot_open_it(self):
        editor = self.client_for(self.own.users[Role.EDITOR])
        for url in (self.url("list"), self.url("add"), self.url("edit", self.term.pk)):
            response = editor.get(url)
            # Wagtail's admin answers PermissionDenied with a redirect and a message.
            self.assertIn(response.status_code, (302, 403, 404), url)
            self.assertNotContains(response, "王建囯", status_code=response.status_code)

    def test_a_superuser_keeps_every_organisations_terms(self):
        admin = self.client_for(create_user(is_superuser=True, is_staff=True))
        listing = admin.get(self.url("list"))
        self.assertContains(listing, "王建国")
        self.assertContains(listing, "李明")
        self.assertEqual(
            admin.get(self.url("edit", self.other_term.pk)).status_code, 200
        )
