from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import TestCase

from gongkai.applications import services
from gongkai.applications.permissions import can_see_personal_data, department_ids_for
from gongkai.applications.tests.factories import (
    create_department,
    create_officer,
    register,
)


class DepartmentScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.other = create_department()
        cls.officer = create_officer(cls.department)

    def test_scope_comes_from_assignments_and_permissions(self):
        user_model = get_user_model()
        unassigned = create_officer()
        no_permission = user_model.objects.create_user("clerk")
        no_permission.application_assignments.create(department=self.department)
        global_officer = user_model.objects.create_user("global")
        global_officer.user_permissions.add(
            Permission.objects.get(codename="handle_all_applications")
        )
        root = user_model.objects.create_superuser("root")
        cases = [
            (self.officer, {self.department.pk}),
            (unassigned, set()),
            (no_permission, set()),
            (global_officer, None),
            (root, None),
        ]
        for user, expected in cases:
            with self.subTest(user=user.username):
                self.assertEqual(department_ids_for(user), expected)

    def test_only_the_handler_sees_personal_data(self):
        application = register(
            self.department, self.officer, received_on=date(2025, 9, 25)
        )
        colleague = create_officer(self.department)
        self.assertIs(can_see_personal_data(self.officer, application), True)
        self.assertIs(can_see_personal_data(colleague, application), False)


class ServicePermissionTests(TestCase):
    """An officer of another department can do nothing to an application."""

    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.officer = create_officer(cls.department)
        cls.outsider = create_officer(create_department())

    def test_every_service_refuses_an_outsider(self):
        application = register(
            self.department, self.officer, received_on=date(2025, 9, 25)
        )
        consultation = services.start_consultation(
            application=application,
            acting_user=self.officer,
            kind="third_party",
            party="甲",
            started_on=date(2025, 9, 26),
        )
        appeal = services.record_appeal(
            application=application,
            acting_user=self.officer,
            kind="reconsideration",
            filed_on=date(2025, 9, 30),
        )
        on_application = {"application": application, "acting_user": self.outsider}
        calls = {
            "confirm_receipt": lambda: services.confirm_receipt(**on_application),
            "take_application": lambda: services.take_application(**on_application),
            "assign_department": lambda: services.assign_department(
                **on_application,
                department=self.outsider.application_assignments.get().department,
            ),
            "request_correction": lambda: services.request_correction(
                **on_application, items="x"
            ),
            "record_correction": lambda: services.record_correction(**on_application),
            "close_for_missing_correction": lambda: (
                services.close_for_missing_correction(**on_application)
            ),
            "start_consultation": lambda: services.start_consultation(
                **on_application, kind="agency", party="乙"
            ),
            "finish_consultation": lambda: services.finish_consultation(
                consultation=consultation, acting_user=self.outsider
            ),
            "extend_deadline": lambda: services.extend_deadline(
                **on_application, working_days=5, approved_by="x", reason="x"
            ),
            "issue_fee_notice": lambda: services.issue_fee_notice(
                **on_application, scheme="per_page", quantity=50
            ),
            "record_fee_paid": lambda: services.record_fee_paid(**on_application),
            "close_for_unpaid_fee": lambda: services.close_for_unpaid_fee(
                **on_application
            ),
            "reply": lambda: services.reply(**on_application, result_type="disclosed"),
            "withdraw": lambda: services.withdraw(**on_application),
            "record_appeal": lambda: services.record_appeal(
                **on_application, kind="reconsideration", filed_on=date(2025, 10, 1)
            ),
            "decide_appeal": lambda: services.decide_appeal(
                appeal=appeal, acting_user=self.outsider, outcome="upheld"
            ),
        }
        before = application.events.count()
        for name, call in calls.items():
            with self.subTest(service=name), self.assertRaises(PermissionDenied):
                call()
        self.assertEqual(application.events.count(), before)
