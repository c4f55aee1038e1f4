"""The demo's departments: a new user logs in as an editor, submits, three reviewers approve."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import ArticlePage
from gongkai.demo.builder import build_demo_site
from gongkai.demo.editorial import (
    DEFAULT_DEPARTMENT_PASSWORD,
    DEPARTMENTS,
    GOVERNMENT_OFFICE_EMAIL,
    GOVERNMENT_OFFICE_USERNAME,
    ensure_editorial_demo,
)
from gongkai.editorial.enums import Role
from gongkai.editorial.models import RoleGroup
from gongkai.editorial.tests.factories import article_form_data
from gongkai.inspection.alerts import mail_if_veto_turned_red
from gongkai.inspection.models import InspectionRun, RunFinding, RunStatus, RunTrigger


class EditorialDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=0)

    def login(self, username):
        client = Client()
        self.assertTrue(
            client.login(username=username, password=DEFAULT_DEPARTMENT_PASSWORD)
        )
        return client

    def test_each_department_has_its_column_and_four_accounts(self):
        for key, slug, title in DEPARTMENTS:
            with self.subTest(department=key):
                organisation = self.demo.organisations[key]
                self.assertEqual(organisation.root_page.title, title)
                self.assertEqual(organisation.root_page.slug, slug)
                for suffix in ("editor", "reviewer", "final", "office"):
                    self.login(f"{key}-{suffix}")

    def test_an_editor_submits_and_three_reviewers_publish(self):
        column = self.demo.organisations["ndrc"].root_page
        editor = self.login("ndrc-editor")
        url = reverse(
            "wagtailadmin_pages:add", args=["catalog", "articlepage", column.pk]
        )
        data = article_form_data(
            title="区发改局演示稿件",
            slug="demo-item",
            publisher=self.demo.organisations["ndrc"],
            **{"action-submit": "1"},
        )
        self.assertEqual(editor.post(url, data).status_code, 302)
        page = ArticlePage.objects.get(title="区发改局演示稿件")
        for username in ("ndrc-reviewer", "ndrc-office", "ndrc-final"):
            state = page.current_workflow_task_state
            # Approval happens on the review screen, once opened (editorial/review.py).
            review = reverse("gongkai_editorial:review", args=[state.pk])
            reviewer = self.login(username)
            self.assertEqual(reviewer.get(review).status_code, 200)
            self.assertIn(
                reviewer.post(review, {"action": "approve"}).status_code, (200, 302)
            )
            page = ArticlePage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_building_again_adds_no_accounts(self):
        again = ensure_editorial_demo(
            organisations=self.demo.organisations, columns=self.demo.columns
        )
        # 4 departments x 4 roles + district-office + gov-office
        self.assertEqual(len(again), 18)
        self.assertEqual(len({account.username for account in again}), 18)

    def test_the_district_governments_office_gets_the_veto_mail(self):
        """The home page belongs to 金东区人民政府: its 公开办 (gov-office, with an
        address) is whom the self-inspection's 单项否决 mail reaches."""
        self.login(GOVERNMENT_OFFICE_USERNAME)
        office = get_user_model().objects.get(username=GOVERNMENT_OFFICE_USERNAME)
        self.assertEqual(office.email, GOVERNMENT_OFFICE_EMAIL)
        self.assertTrue(
            RoleGroup.objects.filter(
                organisation=self.demo.organisations["gov"],
                role=Role.DISCLOSURE_OFFICER,
                group__user=office,
            ).exists()
        )
        run = InspectionRun.objects.create(
            site=self.demo.site,
            trigger=RunTrigger.COMMAND,
            status=RunStatus.DONE,
            finished_at=timezone.now(),
        )
        RunFinding.objects.create(
            run=run,
            check_code="stale_home",
            rule="stale_home",
            severity="veto",
            message="首页不更新",
        )
        self.assertEqual(mail_if_veto_turned_red(run), 1)
        self.assertEqual(mail.outbox[-1].to, [GOVERNMENT_OFFICE_EMAIL])
        # The role is that of the government: it sees the inspection report.
        response = self.login(GOVERNMENT_OFFICE_USERNAME).get(
            reverse("gongkai_inspection_report")
        )
        self.assertEqual(response.status_code, 200)


class ApplicationOfficeDemoTests(TestCase):
    """Each department's 公开办 works its own applications in the admin, and only those;
    district-office (区政府信息公开办公室) sees every department's."""

    @classmethod
    def setUpTestData(cls):
        from datetime import date

        from django.contrib.auth import get_user_model

        from gongkai.applications.tests.factories import register

        cls.demo = build_demo_site(item_count=0)
        users = get_user_model().objects
        cls.applications = {
            key: register(
                cls.demo.organisations[key],
                users.get(username=f"{key}-office"),
                received_on=date(2025, 9, 25),
            )
            for key, _slug, _title in DEPARTMENTS
        }

    def login(self, username):
        client = Client()
        self.assertTrue(
            client.login(username=username, password=DEFAULT_DEPARTMENT_PASSWORD)
        )
        return client

    def test_each_office_works_its_own_applications_and_gets_404_on_the_others(self):
        index = reverse("gongkai_applications:index")
        for key, _slug, _title in DEPARTMENTS:
            with self.subTest(department=key):
                client = self.login(f"{key}-office")
                own = self.applications[key]
                listing = client.get(index)
                self.assertEqual(listing.status_code, 200)
                self.assertContains(listing, own.display_tracking_code)
                detail = reverse("gongkai_applications:detail", args=[own.pk])
                self.assertEqual(client.get(detail).status_code, 200)
                response = client.post(
                    reverse(
                        "gongkai_applications:action",
                        args=[own.pk, "request-correction"],
                    ),
                    {"items": "请写明文件名称", "requested_on": "2025-09-30"},
                )
                self.assertRedirects(response, detail)
                for other_key, other in self.applications.items():
                    if other_key == key:
                        continue
                    self.assertNotContains(listing, other.display_tracking_code)
                    other_detail = reverse(
                        "gongkai_applications:detail", args=[other.pk]
                    )
                    self.assertEqual(client.get(other_detail).status_code, 404)
                    take = reverse(
                        "gongkai_applications:action", args=[other.pk, "withdraw"]
                    )
                    self.assertEqual(
                        client.post(take, {"withdrawn_on": "2025-09-26"}).status_code,
                        404,
                    )

    def test_the_other_roles_do_not_handle_applications(self):
        for suffix in ("editor", "reviewer", "final"):
            with self.subTest(role=suffix):
                client = self.login(f"ndrc-{suffix}")
                index = reverse("gongkai_applications:index")
                self.assertIn(
                    client.get(index).status_code, (302, 403)
                )  # Wagtail: back to the dashboard
                own = self.applications["ndrc"]
                detail = reverse("gongkai_applications:detail", args=[own.pk])
                self.assertNotContains(
                    client.get(detail, follow=True), own.display_tracking_code
                )

    def test_district_office_sees_every_department(self):
        client = self.login("district-office")
        listing = client.get(reverse("gongkai_applications:index"))
        self.assertEqual(listing.status_code, 200)
        for application in self.applications.values():
            self.assertContains(listing, application.display_tracking_code)
            detail = reverse("gongkai_applications:detail", args=[application.pk])
            self.assertEqual(client.get(detail).status_code, 200)

    def test_district_office_enters_next_year_and_due_dates_appear(self):
        """December: 2027 is missing; district-office enters it on the 工作日历 screen and the
        waiting application gets its due date at once; a department office may not."""
        from datetime import date

        from django.contrib.auth import get_user_model
        from wagtail.test.utils.form_data import inline_formset, nested_form_data

        from gongkai.applications.tests.factories import register
        from gongkai.workdays.enums import DayKind
        from gongkai.workdays.models import CalendarYear

        office = get_user_model().objects.get(username="ndrc-office")
        waiting = register(
            self.demo.organisations["ndrc"], office, received_on=date(2026, 12, 4)
        )
        self.assertEqual((waiting.due_on, waiting.calendar_missing_year), (None, 2027))
        holidays = [
            {"day": f"2027-01-0{d}", "kind": DayKind.HOLIDAY, "name": "元旦"}
            for d in (1, 2, 3)
        ]
        data = nested_form_data(
            {
                "year": "2027",
                "source": "国办发明电〔2026〕1号",
                "note": "",
                "days": inline_formset(holidays),
            }
        )
        add = reverse("wagtailsnippets_workdays_calendaryear:add")
        self.login("ndrc-office").post(add, data)
        self.assertFalse(CalendarYear.objects.exists())
        response = self.login("district-office").post(add, data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(CalendarYear.objects.filter(year=2027).exists())
        waiting.refresh_from_db()
        self.assertEqual(
            (waiting.due_on, waiting.calendar_missing_year), (date(2027, 1, 4), None)
        )
