"""Admin forms: registration, notice downloads, and the demo path end to end."""

from datetime import date
from io import BytesIO

from django.urls import reverse
from docx import Document

from gongkai.applications import services
from gongkai.applications.models import Application, PersonalDataAccess
from gongkai.applications.selectors import get_application_for_status
from gongkai.applications.tests.factories import RESIDENT_ID, person_data
from gongkai.applications.tests.test_views import (
    AdminViewTestCase,
    action,
    detail,
    document,
)


class RegisterViewTests(AdminViewTestCase):
    url = reverse("gongkai_applications:register")

    def post_data(self, **overrides):
        data = {
            **person_data(),
            "department": self.department.pk,
            "channel": "in_person",
            "submitted_on": "2025-09-25",
            "signed_on": "",
            "confirmed_on": "",
        }
        data.update(overrides)
        return data

    def test_bad_input_keeps_the_form_and_names_the_field(self):
        self.client.force_login(self.handler)
        wrong = RESIDENT_ID[:17] + ("0" if RESIDENT_ID[17] != "0" else "1")
        cases = [
            ({"id_number": wrong}, "校验码不正确"),
            ({"description": "字" * 2001}, "2000"),
            ({"title": ""}, "必需字段"),
            ({"channel": "registered_post"}, "签收日期"),
        ]
        for overrides, message in cases:
            with self.subTest(message=message):
                response = self.client.post(
                    self.url, self.post_data(applicant_name="钱七", **overrides)
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertContains(response, "钱七")
        self.assertFalse(Application.objects.filter(applicant_name="钱七").exists())

    def test_registration(self):
        self.client.force_login(self.handler)
        response = self.client.post(self.url, self.post_data(applicant_name="孙八"))
        application = Application.objects.get(applicant_name="孙八")
        self.assertRedirects(response, detail(application))
        self.assertEqual(application.due_on, date(2025, 10, 29))

    def test_cannot_register_for_another_department(self):
        self.client.force_login(self.outsider)
        response = self.client.post(self.url, self.post_data(applicant_name="孙八"))
        self.assertEqual(
            response.status_code, 200
        )  # the department is not a valid choice
        self.assertFalse(Application.objects.filter(applicant_name="孙八").exists())


class DocumentViewTests(AdminViewTestCase):
    def test_docx_download_is_logged(self):
        self.client.force_login(self.colleague)
        response = self.client.get(
            document(self.application, "receipt"), {"format": "docx"}
        )
        self.assertEqual(
            response["Content-Type"].split(";")[0],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
        self.assertIn(self.application.display_tracking_code, text)
        self.assertEqual(
            list(PersonalDataAccess.objects.values_list("user", "purpose")),
            [(self.colleague.pk, "下载文书")],
        )

    def test_printable_html_and_unreached_notice(self):
        self.client.force_login(self.handler)
        self.assertContains(
            self.client.get(document(self.application, "receipt")), "受理回执"
        )
        self.assertEqual(
            self.client.get(document(self.application, "reply")).status_code, 404
        )


class WalkthroughTests(AdminViewTestCase):
    """The demo path: submitted online, taken through correction, extension and reply
    in the admin; the applicant's status lookup shows each state."""

    def test_online_application_to_reply(self):
        submitted = services.submit_application(
            department=self.department, data=person_data()
        )
        Application.objects.filter(pk=submitted.pk).update(
            submitted_at="2025-09-24T20:00:00+08:00"
        )
        code = submitted.display_tracking_code

        def status():
            return get_application_for_status(
                tracking_code=code, phone_tail="5678"
            ).get_status_display()

        self.assertEqual(status(), "待确认收到")
        self.client.force_login(self.handler)
        steps = [
            ("confirm", {"confirmed_on": "2025-09-25"}, "办理中"),
            (
                "request-correction",
                {"items": "请写明道路名称", "requested_on": "2025-09-30"},
                "待补正",
            ),
            (
                "record-correction",
                {
                    "corrected_on": "2025-10-10",
                    "title": "环镇北路招标文件",
                    "description": "环镇北路改造工程招标文件",
                    "note": "",
                },
                "办理中",
            ),
            (
                "extend",
                {
                    "working_days": "20",
                    "approved_by": "王主任",
                    "reason": "需要会商",
                    "extended_on": "2025-10-20",
                },
                "办理中",
            ),
            (
                "reply",
                {
                    "result_type": "disclosed",
                    "replied_on": "2025-11-20",
                    "public_title": "环镇北路招标文件",
                },
                "已答复",
            ),
        ]
        for name, data, expected in steps:
            with self.subTest(step=name):
                self.assertEqual(
                    self.client.get(action(submitted, name)).status_code, 200
                )
                response = self.client.post(action(submitted, name), data)
                self.assertRedirects(response, detail(submitted))
                self.assertEqual(status(), expected)
        submitted.refresh_from_db()
        self.assertEqual(submitted.due_on, date(2025, 12, 4))
        page = self.client.get(detail(submitted))
        for kind in ("receipt", "correction", "extension", "reply"):
            with self.subTest(document=kind):
                self.assertContains(page, document(submitted, kind))
                response = self.client.get(
                    document(submitted, kind), {"format": "docx"}
                )
                self.assertEqual(response.status_code, 200)


class RelatedRowsTests(AdminViewTestCase):
    def test_consultation_fee_and_appeal_pages(self):
        """The detail page lists consultations, the fee notice and appeals, with their
        own action pages and the consultation letter."""
        act = {"application": self.application, "acting_user": self.handler}
        consultation = services.start_consultation(
            **act, kind="third_party", party="某建设公司", started_on=date(2025, 9, 26)
        )
        services.finish_consultation(
            consultation=consultation,
            acting_user=self.handler,
            finished_on=date(2025, 9, 29),
        )
        services.issue_fee_notice(
            **act, scheme="per_page", quantity=45, issued_on=date(2025, 9, 30)
        )
        appeal = services.record_appeal(
            **act,
            kind="lawsuit_direct",
            filed_on=date(2025, 10, 9),
            authority="某县人民法院",
        )
        self.client.force_login(self.handler)
        page = self.client.get(detail(self.application))
        for text in (
            "某建设公司",
            "按量计收",
            "¥150.00",
            "行政诉讼·未经复议直接起诉",
            "尚未审结",
        ):
            with self.subTest(text=text):
                self.assertContains(page, text)
        self.assertEqual(
            self.client.get(
                action(self.application, "decide-appeal", appeal.pk)
            ).status_code,
            200,
        )
        response = self.client.post(
            action(self.application, "decide-appeal", appeal.pk),
            {"outcome": "corrected", "decided_on": "2025-12-01", "note": ""},
        )
        self.assertRedirects(response, detail(self.application))
        letter = reverse(
            "gongkai_applications:document",
            args=[self.application.pk, "consultation", consultation.pk],
        )
        self.assertContains(self.client.get(letter), "第三方意见征询函")
        self.assertEqual(
            self.client.get(action(self.application, "decide-appeal", 999)).status_code,
            404,
        )
