from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from gongkai.applications import services
from gongkai.applications.enums import EventKind, Status
from gongkai.applications.models import Application, SubmissionToken
from gongkai.applications.tests.factories import (
    RESIDENT_ID,
    company_data,
    create_department,
    create_officer,
    person_data,
    register,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


class SubmitApplicationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()

    def test_a_form_token_creates_one_application(self):
        """The public form's nonce is stored with the application; the same nonce again
        fails and its application rolls back with it."""
        first = services.submit_with_form_token(
            department=self.department, data=person_data(), nonce="n-1"
        )
        self.assertEqual(SubmissionToken.objects.get(nonce="n-1").application, first)
        with self.assertRaises(IntegrityError), transaction.atomic():
            services.submit_with_form_token(
                department=self.department, data=person_data(), nonce="n-1"
            )
        self.assertEqual(list(Application.objects.all()), [first])

    def test_submission_gets_a_tracking_code_and_awaits_confirmation(self):
        """Online: saved with a 12-character code; received only once confirmed (Art. 31)."""
        application = services.submit_application(
            department=self.department, data=person_data()
        )
        self.assertEqual(len(application.tracking_code), 12)
        self.assertRegex(application.display_tracking_code, r"^GK-\w{4}-\w{4}-\w{4}$")
        self.assertEqual(application.status, Status.SUBMITTED)
        self.assertIsNone(application.received_on)
        self.assertEqual(
            list(application.events.values_list("kind", "actor")),
            [(EventKind.SUBMITTED, None)],
        )

    def test_companies_are_accepted_with_their_credit_code(self):
        application = services.submit_application(
            department=self.department, data=company_data()
        )
        self.assertEqual(application.organisation_type, "commercial")

    def test_bad_input_is_refused_field_by_field(self):
        """Checksums, missing fields, oversize text and a legal person without its fields
        each produce a Chinese message on the field concerned; nothing is saved."""
        wrong_check = RESIDENT_ID[:17] + ("0" if RESIDENT_ID[17] != "0" else "1")
        cases = [
            (person_data(id_number=wrong_check), "id_number", "校验码不正确"),
            (person_data(title=""), "title", "不能为空"),
            (person_data(phone="12345"), "phone", "联系电话应为"),
            (person_data(description="字" * 2001), "description", "2000"),
            (
                company_data(legal_representative=""),
                "legal_representative",
                "法定代表人",
            ),
            (
                company_data(id_type="resident_id", id_number=RESIDENT_ID),
                "id_type",
                "统一社会信用代码",
            ),
            (person_data(id_type="uscc"), "id_type", "自然人"),
        ]
        for data, field, message in cases:
            with self.subTest(field=field):
                with self.assertRaises(ValidationError) as raised:
                    services.submit_application(department=self.department, data=data)
                self.assertIn(message, " ".join(raised.exception.message_dict[field]))
        self.assertFalse(Application.objects.exists())

    def test_id_numbers_and_phones_are_normalised(self):
        data = person_data(id_number=f" {RESIDENT_ID.lower()} ", phone="138 1234 5678")
        application = services.submit_application(department=self.department, data=data)
        self.assertEqual(
            (application.id_number, application.phone), (RESIDENT_ID, "13812345678")
        )


class ConfirmReceiptTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.officer = create_officer(cls.department)

    def submitted(self, on=date(2025, 9, 24)):
        application = services.submit_application(
            department=self.department, data=person_data()
        )
        Application.objects.filter(pk=application.pk).update(
            submitted_at=datetime(on.year, on.month, on.day, 20, 0, tzinfo=SHANGHAI)
        )
        return application

    def test_confirmation_day_is_the_receipt_day_and_starts_the_clock(self):
        """Submitted Wed 24 Sep 2025 evening, confirmed Thu 25 Sep: due Wed 29 Oct."""
        application = services.confirm_receipt(
            application=self.submitted(),
            acting_user=self.officer,
            confirmed_on=date(2025, 9, 25),
        )
        self.assertEqual(application.status, Status.IN_PROGRESS)
        self.assertEqual(application.received_on, date(2025, 9, 25))
        self.assertEqual(application.due_on, date(2025, 10, 29))
        self.assertEqual(application.handler, self.officer)

    def test_confirmation_before_submission_and_twice_are_refused(self):
        application = self.submitted()
        with self.assertRaisesMessage(services.ApplicationError, "不能早于"):
            services.confirm_receipt(
                application=application,
                acting_user=self.officer,
                confirmed_on=date(2025, 9, 23),
            )
        services.confirm_receipt(
            application=application,
            acting_user=self.officer,
            confirmed_on=date(2025, 9, 25),
        )
        with self.assertRaisesMessage(services.ApplicationError, "已确认收到"):
            services.confirm_receipt(application=application, acting_user=self.officer)

    def test_future_dates_are_refused(self):
        with self.assertRaisesMessage(services.ApplicationError, "不能晚于今天"):
            services.confirm_receipt(
                application=self.submitted(),
                acting_user=self.officer,
                confirmed_on=date(2099, 1, 1),
            )


class RegisterApplicationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department()
        cls.officer = create_officer(cls.department)

    def test_receipt_date_follows_the_channel(self):
        """Registered post counts from signing; ordinary post waits for confirmation."""
        cases = [
            ("in_person", {}, date(2024, 9, 27), date(2024, 10, 30)),
            (
                "registered_post",
                {"signed_on": date(2024, 9, 29)},
                date(2024, 9, 29),
                date(2024, 10, 31),
            ),
            ("ordinary_post", {}, None, None),
            ("email", {}, date(2024, 9, 27), date(2024, 10, 30)),
        ]
        for channel, dates, received_on, due_on in cases:
            with self.subTest(channel=channel):
                application = services.register_application(
                    acting_user=self.officer,
                    department=self.department,
                    data=person_data(),
                    channel=channel,
                    submitted_on=date(2024, 9, 27),
                    **dates,
                )
                self.assertEqual(
                    (application.received_on, application.due_on), (received_on, due_on)
                )
                self.assertEqual(application.handler, self.officer)

    def test_registered_post_without_signing_date_is_refused(self):
        with self.assertRaisesMessage(services.ApplicationError, "签收日期"):
            services.register_application(
                acting_user=self.officer,
                department=self.department,
                data=person_data(),
                channel="registered_post",
                submitted_on=date(2024, 9, 27),
            )

    def test_officer_of_another_department_cannot_register_for_this_one(self):
        outsider = create_officer(create_department())
        with self.assertRaises(PermissionDenied):
            register(self.department, outsider, received_on=date(2024, 9, 27))


class AssignmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = create_department(name="某县人民政府办公室")
        cls.bureau = create_department(name="某县交通运输局")
        cls.dispatcher = create_officer(cls.office)
        cls.bureau_officer = create_officer(cls.bureau)

    def test_dispatch_to_a_department_and_its_officer(self):
        """分办: the application moves; the dispatcher no longer sees it."""
        application = register(
            self.office, self.dispatcher, received_on=date(2025, 9, 25)
        )
        services.assign_department(
            application=application,
            acting_user=self.dispatcher,
            department=self.bureau,
            handler=self.bureau_officer,
        )
        application.refresh_from_db()
        self.assertEqual(
            (application.department, application.handler),
            (self.bureau, self.bureau_officer),
        )
        event = application.events.get(kind=EventKind.ASSIGNED)
        self.assertEqual(
            (event.actor, event.data["to"]), (self.dispatcher, "某县交通运输局")
        )
        with self.assertRaises(PermissionDenied):
            services.take_application(
                application=application, acting_user=self.dispatcher
            )

    def test_handler_must_belong_to_the_department(self):
        application = register(
            self.office, self.dispatcher, received_on=date(2025, 9, 25)
        )
        with self.assertRaisesMessage(
            services.ApplicationError, "不是某县交通运输局的办理人员"
        ):
            services.assign_department(
                application=application,
                acting_user=self.dispatcher,
                department=self.bureau,
                handler=self.dispatcher,
            )

    def test_take_makes_the_officer_the_handler(self):
        colleague = create_officer(self.office)
        application = register(
            self.office, self.dispatcher, received_on=date(2025, 9, 25)
        )
        services.take_application(application=application, acting_user=colleague)
        application.refresh_from_db()
        self.assertEqual(application.handler, colleague)
