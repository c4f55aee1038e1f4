from dataclasses import asdict
from datetime import date

from django.test import TestCase

from gongkai.applications import services
from gongkai.applications.enums import ResultType
from gongkai.applications.models import Application, PersonalDataAccess
from gongkai.applications.selectors import (
    describe_deadline,
    get_application_for_officer,
    get_application_for_status,
    list_applications_for_user,
    list_disclosure_log,
    list_public_timeline,
)
from gongkai.applications.services.personal_data import open_application_for_officer
from gongkai.applications.tests.factories import (
    RESIDENT_ID,
    create_department,
    create_officer,
    person_data,
    register,
)
from gongkai.workdays.selectors import get_calendar


class ListApplicationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.officer = create_officer(cls.department)
        cls.due_soon = register(
            cls.department, cls.officer, received_on=date(2025, 9, 25)
        )
        cls.later = register(cls.department, cls.officer, received_on=date(2025, 10, 9))
        cls.overdue = register(
            cls.department, cls.officer, received_on=date(2025, 9, 1)
        )
        other = create_department()
        cls.foreign = register(
            other, create_officer(other), received_on=date(2025, 9, 25)
        )

    def pks(self, **filters):
        applications = list_applications_for_user(
            self.officer, today=date(2025, 10, 20), calendar=get_calendar(), **filters
        )
        return set(applications.values_list("pk", flat=True))

    def test_filters(self):
        """Scoped to the officer's department; due within N working days; overdue."""
        cases = [
            ({}, {self.due_soon.pk, self.later.pk, self.overdue.pk}),
            ({"due_within": 7}, {self.due_soon.pk}),  # 29 Oct is the 7th working day
            ({"due_within": 6}, set()),
            ({"due_within": 20}, {self.due_soon.pk, self.later.pk}),
            ({"overdue": True}, {self.overdue.pk}),
            ({"status": "replied"}, set()),
            ({"department": self.foreign.department}, set()),
        ]
        for filters, expected in cases:
            with self.subTest(filters=filters):
                self.assertEqual(self.pks(**filters), expected)

    def test_deadline_description(self):
        """Working days left, overdue, and the missing-year message instead of an error."""
        calendar, today = get_calendar(), date(2025, 10, 20)
        soon = describe_deadline(self.due_soon, calendar=calendar, today=today)
        late = describe_deadline(self.overdue, calendar=calendar, today=today)
        self.assertEqual(
            (soon.due_on, soon.working_days_left, soon.is_overdue),
            (date(2025, 10, 29), 7, False),
        )
        self.assertEqual(
            (late.due_on, late.is_overdue, late.working_days_overdue),
            (date(2025, 9, 28), True, 11),
        )
        Application.objects.filter(pk=self.later.pk).update(
            received_on=date(2026, 12, 10)
        )
        self.later.refresh_from_db()
        services.refresh_due_on(self.later)
        self.assertEqual(
            (self.later.due_on, self.later.calendar_missing_year), (None, 2027)
        )
        view = describe_deadline(self.later, calendar=calendar, today=today)
        self.assertEqual(view.message, "2027年工作日历尚未录入")


class OfficerViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.handler = create_officer(cls.department)
        cls.colleague = create_officer(cls.department)
        cls.application = register(
            cls.department, cls.handler, received_on=date(2025, 9, 25)
        )

    def test_full_view_is_logged_only_for_the_handler(self):
        """The handler's view is logged; a colleague gets the masked record, unlogged."""
        _application, full = open_application_for_officer(
            self.handler, self.application.pk
        )
        self.assertIs(full, True)
        _application, full = open_application_for_officer(
            self.colleague, self.application.pk
        )
        self.assertIs(full, False)
        self.assertEqual(
            list(PersonalDataAccess.objects.values_list("user", "purpose")),
            [(self.handler.pk, "查看详情")],
        )

    def test_the_selector_reads_only(self):
        """Finding the application writes nothing; the service logs the showing."""
        _application, full = get_application_for_officer(
            self.handler, self.application.pk
        )
        self.assertIs(full, True)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_other_departments_get_nothing(self):
        outsider = create_officer(create_department())
        with self.assertRaises(Application.DoesNotExist):
            get_application_for_officer(outsider, self.application.pk)


class StatusLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.application = services.submit_application(
            department=cls.department, data=person_data()
        )
        cls.other = services.submit_application(
            department=cls.department, data=person_data(phone="13900001111")
        )

    def test_both_factors_must_match(self):
        """Code in any typed form plus the phone's last four digits; either wrong -> None."""
        code = self.application.display_tracking_code
        cases = [
            (code, "5678", self.application),
            (code.lower().replace("-", " "), "5678", self.application),
            (code, "1111", None),
            (self.other.display_tracking_code, "5678", None),
            ("GK-2222-2222-2222", "5678", None),
            ("not a code", "5678", None),
            (code, "", None),
        ]
        for typed, tail, expected in cases:
            with self.subTest(typed=typed, tail=tail):
                self.assertEqual(
                    get_application_for_status(tracking_code=typed, phone_tail=tail),
                    expected,
                )

    def test_public_timeline_has_no_notes_or_officers(self):
        events = list_public_timeline(application=self.application)
        self.assertEqual(
            [(e.kind, e.label) for e in events], [("submitted", "提交申请")]
        )
        self.assertEqual(set(asdict(events[0])), {"kind", "label", "at"})


class DisclosureLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department(name="某县交通运输局")
        officer = create_officer(cls.department)
        answered = register(cls.department, officer, received_on=date(2025, 9, 25))
        services.reply(
            application=answered,
            acting_user=officer,
            result_type=ResultType.DISCLOSED,
            replied_on=date(2025, 10, 9),
            public_title="道路改造工程招标文件",
        )
        register(cls.department, officer, received_on=date(2025, 9, 26))  # still open

    def test_log_lists_answered_applications_without_personal_data(self):
        entries = list_disclosure_log(department=self.department, year=2025)
        self.assertEqual(len(entries), 1)
        entry = asdict(entries[0])
        self.assertEqual(
            (
                entry["department"],
                entry["subject"],
                entry["result_label"],
                entry["result_group"],
            ),
            ("某县交通运输局", "道路改造工程招标文件", "予以公开", "予以公开"),
        )
        text = str(entry)
        for personal in ("张三", RESIDENT_ID, "13812345678", "zhangsan", "某路1号"):
            self.assertNotIn(personal, text)
        self.assertEqual(list_disclosure_log(year=2024), [])
