from datetime import date
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications.enums import Status
from gongkai.applications.models import PersonalDataAccess
from gongkai.applications.tests.factories import (
    RESIDENT_ID,
    create_department,
    create_officer,
    register,
)

INDEX = reverse("gongkai_applications:index")


def detail(application):
    return reverse("gongkai_applications:detail", args=[application.pk])


def action(application, name, *target):
    return reverse("gongkai_applications:action", args=[application.pk, name, *target])


def document(application, kind):
    return reverse("gongkai_applications:document", args=[application.pk, kind])


class AdminViewTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department(name="某县交通运输局")
        cls.handler = create_officer(cls.department)
        cls.colleague = create_officer(cls.department)
        cls.application = register(
            cls.department, cls.handler, received_on=date(2025, 9, 25)
        )
        other = create_department(name="某县教育局")
        cls.outsider = create_officer(other)
        cls.foreign = register(
            other, cls.outsider, received_on=date(2025, 9, 25), applicant_name="赵六"
        )


class ListViewTests(AdminViewTestCase):
    def test_list_masks_personal_data_and_shows_only_own_department(self):
        self.client.force_login(self.handler)
        response = self.client.get(INDEX)
        self.assertContains(response, self.application.display_tracking_code)
        self.assertContains(response, "330702********" + RESIDENT_ID[-4:])
        self.assertContains(response, "138****5678")
        self.assertNotContains(response, RESIDENT_ID)
        self.assertNotContains(response, "13812345678")
        self.assertNotContains(response, "赵六")
        self.assertContains(response, "gk-overdue")  # due 29 Oct 2025, long past

    def test_list_query_count_does_not_grow_with_rows(self):
        """One query for the rows however many there are (Z: assertNumQueries)."""
        self.client.force_login(self.handler)
        self.client.get(INDEX)  # warm the calendar cache
        # The count itself grows with every admin menu item; what matters is that rows
        # do not add queries.
        with CaptureQueriesContext(connection) as first:
            self.client.get(INDEX)
        for _ in range(5):
            register(self.department, self.handler, received_on=date(2025, 10, 9))
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(INDEX)

    def test_filters_by_state(self):
        self.client.force_login(self.handler)
        response = self.client.get(INDEX, {"status": Status.REPLIED})
        self.assertContains(response, "没有符合条件的申请")

    def test_missing_calendar_year_is_a_message_not_a_crash(self):
        """Counting 10 working days from 20 Dec 2026 needs 2027, not entered yet."""
        self.client.force_login(self.handler)
        with mock.patch(
            "gongkai.applications.views.timezone.localdate",
            return_value=date(2026, 12, 20),
        ):
            response = self.client.get(INDEX, {"due_within": 10})
        self.assertContains(response, "2027年工作日历尚未录入")

    def test_users_without_the_permission_are_denied(self):
        """PermissionDenied becomes Wagtail's standard denial: back to the dashboard with
        an error message (a bare 403 for XHR); the menu item is hidden."""
        clerk = get_user_model().objects.create_user("clerk")
        clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(clerk)
        for url in (INDEX, detail(self.application), action(self.application, "take")):
            with self.subTest(url=url):
                self.assertRedirects(
                    self.client.get(url),
                    reverse("wagtailadmin_home"),
                    fetch_redirect_response=False,
                )
                xhr = self.client.get(
                    url, headers={"x-requested-with": "XMLHttpRequest"}
                )
                self.assertEqual(xhr.status_code, 403)
        self.assertNotContains(
            self.client.get(reverse("wagtailadmin_home")), "/admin/applications/"
        )


class DetailViewTests(AdminViewTestCase):
    def test_handler_sees_the_full_record_and_the_view_is_logged(self):
        self.client.force_login(self.handler)
        response = self.client.get(detail(self.application))
        self.assertContains(response, RESIDENT_ID)
        self.assertContains(response, "13812345678")
        self.assertContains(response, "登记申请")  # the timeline
        self.assertEqual(
            PersonalDataAccess.objects.filter(user=self.handler).count(), 1
        )

    def test_colleague_sees_masked_data_unlogged(self):
        self.client.force_login(self.colleague)
        response = self.client.get(detail(self.application))
        self.assertNotContains(response, RESIDENT_ID)
        self.assertContains(response, "138****5678")
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_other_department_gets_404_everywhere(self):
        self.client.force_login(self.outsider)
        urls = [
            detail(self.application),
            action(self.application, "take"),
            document(self.application, "receipt"),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(
            action(self.application, "withdraw"), {"withdrawn_on": "2025-09-26"}
        )
        self.assertEqual(response.status_code, 404)
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Status.IN_PROGRESS)


class ActionViewTests(AdminViewTestCase):
    def test_request_correction_then_extend(self):
        self.client.force_login(self.handler)
        response = self.client.post(
            action(self.application, "request-correction"),
            {"items": "请写明道路名称", "requested_on": "2025-09-30"},
        )
        self.assertRedirects(response, detail(self.application))
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Status.AWAITING_CORRECTION)

    def test_refusal_keeps_the_typed_input_and_says_why(self):
        """An extension after the due date is refused in Chinese; the form keeps the text."""
        self.client.force_login(self.handler)
        response = self.client.post(
            action(self.application, "extend"),
            {
                "working_days": "10",
                "approved_by": "王主任",
                "reason": "需要会商的特别理由",
                "extended_on": "2025-11-03",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "答复期限（2025-10-29）已过，不能再延期。")
        self.assertContains(response, "需要会商的特别理由")
        self.assertContains(response, "王主任")

    def test_unavailable_action_is_404(self):
        self.client.force_login(self.handler)
        self.assertEqual(
            self.client.get(action(self.application, "fee-paid")).status_code, 404
        )
        self.assertEqual(
            self.client.get(action(self.application, "nonsense")).status_code, 404
        )

    def test_posts_need_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.handler)
        response = client.post(
            action(self.application, "withdraw"), {"withdrawn_on": "2025-09-26"}
        )
        self.assertEqual(response.status_code, 403)
