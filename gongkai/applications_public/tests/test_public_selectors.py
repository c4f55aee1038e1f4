"""Reads of the public pages: agencies per site, deadlines, steps, the log."""

from datetime import date

from django.test import TestCase
from wagtail.models import Site

from gongkai.applications import services
from gongkai.applications.enums import ResultType, Status
from gongkai.applications.tests.factories import (
    create_department,
    create_officer,
    person_data,
    register,
)
from gongkai.applications_public.selectors import (
    PUBLIC_STATUSES,
    describe_public_deadline,
    list_agencies_for_site,
    list_public_disclosure_log,
    list_public_steps,
    log_entry,
)
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.workdays.calendar import WorkdayCalendar
from gongkai.workdays.selectors import get_calendar


class ListAgenciesForSiteTests(TestCase):
    def test_site_organisation_first_then_its_units_nearest_first(self):
        home = create_home_page()
        site = Site.objects.get(root_page=home)
        government = create_organisation(name="丙政府", root_page=home)
        office = create_organisation(name="乙办公室", parent=government)
        bureau = create_organisation(name="甲局", parent=government)
        section = create_organisation(name="阿科室", parent=office)
        create_organisation(name="无关机关")
        self.assertEqual(
            list_agencies_for_site(site=site), [government, office, bureau, section]
        )

    def test_unlinked_site_gets_every_organisation_top_level_first(self):
        parent = create_organisation(name="乙政府")
        child = create_organisation(name="甲局", parent=parent)
        self.assertEqual(list_agencies_for_site(site=None), [parent, child])

    def test_every_status_has_a_public_label(self):
        self.assertEqual(set(PUBLIC_STATUSES), set(Status.values))


class DescribePublicDeadlineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.officer = create_officer(cls.department)

    def test_submitted_application_gets_an_estimate(self):
        application = services.submit_application(
            department=self.department, data=person_data()
        )
        deadline = describe_public_deadline(
            application, calendar=get_calendar(), today=date(2025, 9, 25)
        )
        self.assertIs(deadline.is_estimate, True)
        self.assertEqual(
            deadline.due_on, date(2025, 10, 29)
        )  # 国庆 1-8 Oct; 调休 28 Sep, 11 Oct
        self.assertIn("如今日确认收到，答复期限为2025-10-29", deadline.message)

    def test_missing_calendar_year_is_explained_not_raised(self):
        application = services.submit_application(
            department=self.department, data=person_data()
        )
        deadline = describe_public_deadline(
            application, calendar=WorkdayCalendar({}), today=date(2025, 9, 25)
        )
        self.assertIsNone(deadline.due_on)
        self.assertIn("2025年的工作日历尚未录入", deadline.message)

    def test_running_clock_shows_due_date_and_working_days_left(self):
        application = register(
            self.department, self.officer, received_on=date(2025, 9, 25)
        )
        deadline = describe_public_deadline(
            application, calendar=get_calendar(), today=date(2025, 10, 9)
        )
        self.assertEqual(
            (deadline.due_on, deadline.is_estimate, deadline.working_days_left),
            (date(2025, 10, 29), False, 15),
        )


class ListPublicStepsTests(TestCase):
    def test_steps_never_carry_officers_notes_or_third_parties(self):
        department = create_department()
        officer = create_officer(department)
        application = register(department, officer, received_on=date(2025, 9, 25))
        services.start_consultation(
            application=application, acting_user=officer, kind="third_party",
            party="第三方王某某", started_on=date(2025, 9, 26), note="内部备注",
        )  # fmt: skip
        steps = list_public_steps(application=application)
        text = repr(steps)
        self.assertNotIn("王某某", text)
        self.assertNotIn("内部备注", text)
        self.assertNotIn(officer.username, text)
        self.assertEqual(steps[-1].details, ("征求意见期间不计入答复期限。",))


class DisclosureLogTests(TestCase):
    def test_only_answered_applications_of_the_given_organisations(self):
        department, other = create_department(), create_department()
        officer = create_officer(department, other)
        answered = register(department, officer, received_on=date(2025, 9, 25))
        services.reply(
            application=answered, acting_user=officer,
            result_type=ResultType.WITHHELD_STATE_SECRET, replied_on=date(2025, 10, 9),
            public_title="某" * 80,
        )  # fmt: skip
        register(department, officer, received_on=date(2025, 9, 25))
        foreign = register(other, officer, received_on=date(2025, 9, 25))
        services.reply(
            application=foreign, acting_user=officer,
            result_type=ResultType.DISCLOSED, replied_on=date(2025, 10, 9),
        )  # fmt: skip
        rows = list(list_public_disclosure_log(organisation_ids=[department.pk]))
        self.assertEqual(len(rows), 1)
        entry = log_entry(rows[0])
        self.assertEqual(entry.result_label, "不予公开：属于国家秘密")
        self.assertEqual(entry.replied_on, date(2025, 10, 9))
        self.assertEqual(len(entry.subject), 60)
        self.assertEqual(set(rows[0]), {"pk", "department__name", "public_title",
                                        "result_type", "concluded_on"})  # fmt: skip
