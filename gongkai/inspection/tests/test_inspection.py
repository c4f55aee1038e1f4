"""A whole inspection on the database and a really published tree: service, command, admin view."""

import json
import shutil
import tempfile
from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.tests.factories import create_article, create_published_article
from gongkai.core.tests.factories import create_column, create_home_page
from gongkai.editorial.enums import Role
from gongkai.editorial.tests.factories import create_department, create_user
from gongkai.publishing.services import get_site_tree, publish_site

from ..acknowledgements import acknowledge, severe_hits

URL = reverse("gongkai_inspection_report")


def publish_confirmed(page, user):
    """Publish `page` as a live site carries a 严重错别字: `user` (who may publish it)
    confirmed each hit first, as the publish guard requires (publish_guards.py)."""
    revision = page.save_revision()
    for hit in severe_hits(revision):
        acknowledge(user, page, revision, hit.wrong)
    revision.publish()
    return type(page).objects.get(pk=page.pk)


class InspectionTestCase(TestCase):
    """首页 > 政务动态 (fresh) · 通知公告 (stale) · 机构职能 (empty) · two departments."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.home = create_home_page(title="金东区人民政府")
        cls.site = cls.home.get_site()
        cls.own = create_department(parent=cls.home)
        cls.other = create_department(parent=cls.home)
        cls.own.column.title, cls.other.column.title = "区发改局动态", "区教育局动态"
        for department in (cls.own, cls.other):
            department.column.save_revision().publish()
        publisher = cls.own.organisation
        cls.news = create_column(parent=cls.home, title="政务动态", slug="zwdt")
        cls.notices = create_column(parent=cls.home, title="通知公告", slug="tzgg")
        cls.empty = create_column(parent=cls.home, title="机构职能", slug="jgzn")
        cls.fresh = create_published_article(
            column=cls.news,
            publisher=publisher,
            title="全区经济运行良好",
            published_at=now - timedelta(days=2),
        )
        create_published_article(
            column=cls.notices,
            publisher=publisher,
            title="停水通知",
            published_at=now - timedelta(days=200),
        )
        cls.misspelt = publish_confirmed(
            create_article(
                column=cls.own.column,
                publisher=publisher,
                title="学习习近乎总书记重要讲话精神",
                published_at=now - timedelta(days=3),
            ),
            cls.own.users[Role.FINAL_APPROVER],
        )
        cls.other_item = create_published_article(
            column=cls.other.column,
            publisher=cls.other.organisation,
            title="教育局开展培训",
            published_at=now - timedelta(days=3),
        )

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="gk-inspect-test-")
        self.addCleanup(shutil.rmtree, self.root, True)
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)
        publish_site(site=self.site)
        self.tree = get_site_tree(self.site)


class ServiceTests(InspectionTestCase):
    def inspect(self):
        from ..services import inspect_site

        return inspect_site(site=self.site)

    def test_finds_the_stale_the_empty_and_the_misspelt_and_fails_on_the_veto(self):
        report = self.inspect()
        by_check = {}
        for finding in report.findings:
            by_check.setdefault(finding.check, []).append(finding)
        self.assertEqual(
            [f.page_id for f in by_check["stale_column"]], [self.notices.pk]
        )
        self.assertEqual([f.page_id for f in by_check["empty_column"]], [self.empty.pk])
        misspelt = by_check["misspelling"]
        # Once, on the item's page, though its title also shows in lists and on the home page.
        self.assertEqual([f.page_id for f in misspelt], [self.misspelt.pk])
        self.assertIn("“习近乎”应为“习近平”", misspelt[0].message)
        self.assertNotIn("stale_home", by_check)
        self.assertNotIn(
            "dead_link", by_check
        )  # a fresh publish links only to what it wrote
        self.assertTrue(report.failed)

    def test_a_file_lost_from_the_tree_is_a_dead_link_of_the_pages_linking_it(self):
        (self.tree / "zwdt" / "index.html").unlink()
        dead = [f for f in self.inspect().findings if f.check == "dead_link"]
        self.assertTrue(dead)
        self.assertTrue(all("/zwdt/" in f.message for f in dead))

    def test_a_correct_site_passes(self):
        self.misspelt.title = "学习习近平总书记重要讲话精神"
        self.misspelt.save_revision().publish()
        publish_site(site=self.site)
        report = self.inspect()
        self.assertFalse(report.failed, [f.message for f in report.findings])

    def test_an_unpublished_site_is_checked_in_the_database_only(self):
        shutil.rmtree(self.root)
        report = self.inspect()
        self.assertFalse(report.published)
        self.assertIn("not_published", [f.check for f in report.findings])


class CommandTests(InspectionTestCase):
    def test_exits_non_zero_on_a_veto_and_prints_json(self):
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "单项否决"):
            call_command(
                "inspect", "--site", self.site.hostname, "--format", "json", stdout=out
            )
        data = json.loads(out.getvalue())
        self.assertTrue(data[0]["failed"])
        self.assertIn("misspelling", [f["check"] for f in data[0]["findings"]])

    def test_passes_without_a_veto(self):
        self.misspelt.title = "学习总书记重要讲话精神"
        self.misspelt.save_revision().publish()
        publish_site(site=self.site)
        out = StringIO()
        call_command("inspect", "--site", self.site.hostname, stdout=out)
        self.assertIn("未发现单项否决项", out.getvalue())

    def test_an_unknown_site_is_one_clear_error(self):
        with self.assertRaisesMessage(CommandError, "没有主机名为"):
            call_command("inspect", "--site", "nowhere.test")


class AdminViewTests(InspectionTestCase):
    """The report shows the latest stored run (test_runs.py covers running and history)."""

    def setUp(self):
        super().setUp()
        from ..models import RunTrigger
        from ..runs import run_now

        run_now(site=self.site, trigger=RunTrigger.COMMAND)

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def test_the_superuser_sees_every_finding_and_the_red_status(self):
        admin = create_user(is_superuser=True, is_staff=True)
        response = self.client_for(admin).get(URL, {"site": self.site.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-status="red"')
        self.assertContains(response, "习近乎")
        self.assertContains(response, "机构职能")
        self.assertContains(
            response, reverse("wagtailadmin_pages:edit", args=[self.misspelt.pk])
        )

    def test_a_department_office_sees_only_its_own_findings(self):
        office = self.client_for(self.own.users[Role.DISCLOSURE_OFFICER])
        response = office.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "习近乎")
        self.assertNotContains(
            response, "机构职能"
        )  # the site's own column, not the department's
        self.assertNotContains(response, "data-status=")
        other = self.client_for(self.other.users[Role.DISCLOSURE_OFFICER]).get(URL)
        self.assertEqual(other.status_code, 200)
        self.assertNotContains(other, "习近乎")

    def test_editors_and_reviewers_are_refused(self):
        # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
        for role in (Role.EDITOR, Role.REVIEWER, Role.FINAL_APPROVER):
            with self.subTest(role=role):
                client = self.client_for(self.own.users[role])
                response = client.get(URL, {"site": self.site.pk})
                self.assertRedirects(
                    response,
                    reverse("wagtailadmin_home"),
                    fetch_redirect_response=False,
                )
                self.assertNotContains(client.get(URL, follow=True), "习近乎")

    def test_anonymous_is_sent_to_the_login(self):
        self.assertEqual(Client().get(URL).status_code, 302)

    def test_hostile_site_parameters_are_404_never_500(self):
        office = self.client_for(self.own.users[Role.DISCLOSURE_OFFICER])
        for value in (
            "999999",
            "abc",
            "1" * 400,
            "../../etc/passwd",
            "%00",
            "-1",
            "1.5",
        ):
            with self.subTest(value=value):
                self.assertEqual(office.get(URL, {"site": value}).status_code, 404)
