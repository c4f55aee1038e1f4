"""The public application form without the database: what it checks and returns."""

from django.test import SimpleTestCase

from gongkai.applications.tests.factories import RESIDENT_ID, USCC
from gongkai.applications_public.forms import ApplicationRequestForm, StatusLookupForm
from gongkai.core.models import Organisation

AGENCY = Organisation(pk=7, name="示例区人民政府")


def person(**overrides):
    data = {
        "department": "7",
        "applicant_kind": "natural_person",
        "person_name": " 张三 ",
        "person_id_type": "resident_id",
        "person_id_number": RESIDENT_ID[:17].lower() + RESIDENT_ID[17].lower(),
        "person_phone": "138 1234 5678",
        "title": "招标文件",
        "description": "请提供招标文件。",
        "information_form": "paper",
        "delivery_method": "post",
        "person_address": "某路1号",
        "declaration": "on",
    }
    data.update(overrides)
    return data


class ApplicationRequestFormTests(SimpleTestCase):
    def test_person_data_is_normalised_for_the_service(self):
        form = ApplicationRequestForm(person(), agencies=[AGENCY])
        self.assertTrue(form.is_valid(), form.errors)
        data = form.application_data()
        self.assertEqual(data["applicant_name"], "张三")
        self.assertEqual(data["id_number"], RESIDENT_ID)
        self.assertEqual(data["phone"], "13812345678")
        self.assertEqual(data["id_type"], "resident_id")
        self.assertNotIn("organisation_type", data)
        self.assertIs(form.chosen_department, AGENCY)

    def test_organisation_data_uses_the_uscc_as_its_id(self):
        form = ApplicationRequestForm(
            person(
                applicant_kind="legal_person",
                org_name="某公司",
                org_type="research",
                org_uscc=USCC,
                org_legal_representative="李四",
                org_contact_name="王五",
                org_phone="0579-82345678",
                org_address="某路2号",
            ),
            agencies=[AGENCY],
        )
        self.assertTrue(form.is_valid(), form.errors)
        data = form.application_data()
        self.assertEqual(
            (data["applicant_name"], data["id_type"], data["id_number"]),
            ("某公司", "uscc", USCC),
        )
        self.assertEqual(data["organisation_type"], "research")
        self.assertEqual(data["address"], "某路2号")

    def test_checksums_are_checked_for_the_chosen_kind_only(self):
        cases = [
            ({"person_id_number": RESIDENT_ID[:17] + "5"}, {"person_id_number"}),
            ({"person_id_type": "passport", "person_id_number": "E12345678"}, set()),
            ({"applicant_kind": "legal_person"}, {"org_name", "org_type", "org_uscc",
              "org_legal_representative", "org_contact_name", "org_phone",
              "org_address"}),
        ]  # fmt: skip
        for overrides, fields in cases:
            with self.subTest(overrides=overrides):
                form = ApplicationRequestForm(person(**overrides), agencies=[AGENCY])
                form.is_valid()
                self.assertEqual(set(form.errors), fields)

    def test_description_limit_follows_the_setting(self):
        with self.settings(GONGKAI_APPLICATIONS_DESCRIPTION_MAX_LENGTH=10):
            form = ApplicationRequestForm(
                person(description="字" * 11), agencies=[AGENCY]
            )
            self.assertFalse(form.is_valid())
        self.assertEqual(
            form.errors["description"],
            ["内容描述不能超过10字，您填写了11字，请精简后再提交。"],
        )

    def test_error_summary_follows_the_page_order(self):
        form = ApplicationRequestForm(
            person(person_name="", title="", declaration=""), agencies=[AGENCY]
        )
        form.is_valid()
        self.assertEqual(
            [item.anchor for item in form.error_summary],
            ["id_person_name", "id_title", "id_declaration"],
        )


class StatusLookupFormTests(SimpleTestCase):
    def test_tail_must_be_four_digits(self):
        for tail, valid in [("5678", True), ("567", False), ("５６７８", False)]:
            with self.subTest(tail=tail):
                form = StatusLookupForm({"tracking_code": "x", "phone_tail": tail})
                self.assertIs(form.is_valid(), valid)
