"""The public pages under /apply/: form, receipt, status page, disclosure log."""

import re
import time
from datetime import date
from unittest import mock

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.models import Site

from gongkai.applications import services
from gongkai.applications.enums import EventKind, ResultType, Status
from gongkai.applications.models import (
    Application,
    ApplicationSettings,
    SubmissionToken,
)
from gongkai.applications.tests.factories import (
    RESIDENT_ID,
    USCC,
    create_officer,
    person_data,
    register,
)
from gongkai.core.public_guards import issue_form_token
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.workdays.calendar import WorkdayCalendar

FORM_URL = reverse("apply:form")
RECEIPT_URL = reverse("apply:receipt")
STATUS_URL = reverse("apply:status")
LOG_URL = reverse("apply:log")
# A valid ID number of someone else: same body, so only the check digit differs.
WRONG_CHECK_DIGIT = RESIDENT_ID[:17] + ("0" if RESIDENT_ID[17] != "0" else "1")


def html_of(response):
    return response.content.decode()


class PublicSiteTestCase(TestCase):
    """A site whose own organisation has one department; cache cleared per test."""

    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_page(title="示例区人民政府")
        cls.government = create_organisation(name="示例区人民政府", root_page=cls.home)
        cls.department = create_organisation(name="示例区教育局", parent=cls.government)
        cls.elsewhere = create_organisation(name="别处的机关")
        cls.officer = create_officer(cls.government, cls.department)

    def setUp(self):
        cache.clear()

    def old_token(self, seconds=60):
        """A token issued `seconds` ago, remembered by this client's session."""
        signed, token = issue_form_token(now=time.time() - seconds)
        session = self.client.session
        session["gongkai_applications_form_nonces"] = [token.nonce]
        session.save()
        return signed

    def form_data(self, **overrides):
        data = {
            "department": self.department.pk,
            "applicant_kind": "natural_person",
            "person_name": "张三",
            "person_id_type": "resident_id",
            "person_id_number": RESIDENT_ID,
            "person_phone": "13812345678",
            "person_email": "zhangsan@example.com",
            "person_address": "浙江省金华市某路1号",
            "person_postcode": "321000",
            "title": "2024年度某镇道路改造工程招标文件",
            "description": "请提供2024年度某镇道路改造工程的招标文件。",
            "document_number": "",
            "index_number": "",
            "information_form": "electronic",
            "delivery_method": "email",
            "declaration": "on",
            "homepage": "",
        }
        data.update(overrides)
        if "form_token" not in data:
            data["form_token"] = self.old_token()
        return data


class ApplicationFormTests(PublicSiteTestCase):
    def test_form_offers_the_sites_agencies_with_its_own_organisation_first(self):
        """The agency list is the site's organisation and its departments, nothing else."""
        response = self.client.get(FORM_URL)
        self.assertEqual(response.status_code, 200)
        choices = response.context["form"].fields["department"].choices
        self.assertEqual(
            [pk for pk, _label in choices], [self.government.pk, self.department.pk]
        )
        self.assertEqual(
            response.context["form"]["department"].value(), self.government.pk
        )
        self.assertContains(response, 'name="form_token"')
        self.assertEqual(response["Cache-Control"].count("no-store"), 1)

    def test_successful_submission_creates_one_application_and_shows_the_receipt(self):
        """A valid form creates one online application and redirects to its receipt."""
        response = self.client.post(FORM_URL, self.form_data())
        self.assertRedirects(response, RECEIPT_URL)
        application = Application.objects.get()
        self.assertEqual(application.department, self.department)
        self.assertEqual(application.applicant_name, "张三")
        self.assertEqual(application.channel, "online")
        self.assertEqual(application.status, Status.SUBMITTED)
        self.assertEqual(len(application.tracking_code), 12)
        receipt = self.client.get(RECEIPT_URL)
        self.assertContains(receipt, application.display_tracking_code)
        self.assertContains(receipt, "待受理机关确认")
        self.assertContains(receipt, "答复期限")
        self.assertNotContains(receipt, RESIDENT_ID)
        self.assertNotContains(receipt, "13812345678")

    def test_legal_person_submission_keeps_only_the_organisation_fieldset(self):
        """A company's application stores the company; the person fieldset is ignored."""
        data = self.form_data(
            applicant_kind="legal_person",
            person_id_number="not checked",
            org_name="金华某某建设有限公司",
            org_type="commercial",
            org_uscc=USCC.lower(),
            org_legal_representative="李四",
            org_contact_name="王五",
            org_phone="0579-82345678",
            org_email="office@example.com",
        )
        self.assertRedirects(self.client.post(FORM_URL, data), RECEIPT_URL)
        application = Application.objects.get()
        self.assertEqual(
            (application.applicant_name, application.id_type, application.id_number),
            ("金华某某建设有限公司", "uscc", USCC),
        )
        self.assertEqual(application.organisation_type, "commercial")
        self.assertEqual(application.contact_name, "王五")
        self.assertEqual(application.phone, "0579-82345678")

    def test_bad_input_keeps_the_form_and_says_what_is_wrong(self):
        """Each error is Chinese, next to its field, in the summary, and nothing is saved."""
        cases = [
            (
                {"person_id_number": WRONG_CHECK_DIGIT},
                "person_id_number",
                "校验码不正确",
            ),
            ({"person_name": ""}, "person_name", "请填写姓名。"),
            ({"person_phone": "12345"}, "person_phone", "联系电话应为11位手机号码"),
            ({"description": "长" * 2001}, "description", "内容描述不能超过2000字"),
            ({"declaration": ""}, "declaration", "请阅读并勾选申请声明。"),
            ({"delivery_method": ""}, "delivery_method", "请选择获取信息的方式。"),
            (
                {"person_email": "", "delivery_method": "email"},
                "person_email",
                "请填写电子邮箱",
            ),
            (
                {"person_address": "", "delivery_method": "post"},
                "person_address",
                "请填写通信地址",
            ),
            ({"person_postcode": "3210"}, "person_postcode", "邮政编码应为6位数字"),
            ({"title": "题" * 201}, "title", "不能超过200个字"),
            ({"department": self.elsewhere.pk}, "department", "请从列表中选择受理机关"),
            (
                {"applicant_kind": "legal_person", "org_uscc": USCC[:17] + "Y"},
                "org_uscc",
                "统一社会信用代码",
            ),
        ]
        for overrides, field, message in cases:
            with self.subTest(field=field):
                data = self.form_data(**overrides)
                response = self.client.post(FORM_URL, data)
                self.assertEqual(response.status_code, 200)
                html = html_of(response)
                error = re.search(f'id="id_{field}_error">(.*?)</p>', html, re.S)
                self.assertIsNotNone(error, f"no error next to {field}")
                self.assertIn(message, error.group(1))
                self.assertIn('class="error-summary"', html)
                self.assertIn(f'href="#id_{field}', html)
                self.assertIn("<title>错误：", html)
                # What was typed is still there.
                for name in ("person_phone", "person_id_number", "title"):
                    self.assertIn(f'value="{data[name]}"', html)
                self.assertIn(data["description"][:50], html)
        self.assertFalse(Application.objects.exists())

    def test_invalid_fields_are_marked_for_assistive_technology(self):
        """aria-invalid and aria-describedby point at the message next to the field."""
        response = self.client.post(
            FORM_URL, self.form_data(person_id_number=WRONG_CHECK_DIGIT)
        )
        html = html_of(response)
        field = re.search(r'<input[^>]*name="person_id_number"[^>]*>', html).group(0)
        self.assertIn('aria-invalid="true"', field)
        self.assertIn(
            'aria-describedby="id_person_id_number_hint id_person_id_number_error"',
            field,
        )
        self.assertIn(f'value="{WRONG_CHECK_DIGIT}"', field)
        name = re.search(r'<input[^>]*name="person_name"[^>]*>', html).group(0)
        self.assertNotIn("aria-invalid", name)

    def test_missing_fields_are_all_reported_at_once(self):
        """An empty form names every required field of the chosen applicant kind."""
        token = self.old_token()
        response = self.client.post(
            FORM_URL, {"form_token": token, "applicant_kind": "natural_person"}
        )
        errors = response.context["form"].errors
        self.assertEqual(
            set(errors),
            {"department", "person_name", "person_id_number", "person_phone", "title",
             "description", "information_form", "delivery_method", "declaration",
             "person_id_type"},
        )  # fmt: skip
        self.assertFalse(Application.objects.exists())

    def test_other_fieldset_is_not_validated(self):
        """Rubbish in the legal-person fieldset does not block a natural person."""
        data = self.form_data(org_uscc="123", org_email="not an email", org_phone="1")
        self.assertRedirects(self.client.post(FORM_URL, data), RECEIPT_URL)

    def test_same_token_twice_shows_the_first_receipt_and_creates_nothing(self):
        """A double click or a reload of the POST never makes a second application."""
        data = self.form_data()
        self.assertRedirects(self.client.post(FORM_URL, data), RECEIPT_URL)
        self.assertRedirects(self.client.post(FORM_URL, data), RECEIPT_URL)
        self.assertEqual(Application.objects.count(), 1)
        self.assertEqual(SubmissionToken.objects.count(), 1)
        receipt = self.client.get(RECEIPT_URL)
        self.assertContains(receipt, Application.objects.get().display_tracking_code)

    def test_same_token_sent_twice_at_once_creates_one_application(self):
        """When both posts pass the first check, the unique token row lets one win; the
        loser's application is rolled back and it shows the winner's receipt."""
        from gongkai.applications_public import views as public_views

        data = self.form_data()
        self.client.post(FORM_URL, data)
        first = Application.objects.get()
        calls = []
        real = public_views.get_application_id_for_form_token

        def racing(nonce):
            calls.append(nonce)
            return None if len(calls) == 1 else real(nonce)

        with mock.patch.object(
            public_views, "get_application_id_for_form_token", racing
        ):
            response = self.client.post(FORM_URL, data)
        self.assertRedirects(response, RECEIPT_URL)
        self.assertEqual(len(calls), 2)
        self.assertEqual(list(Application.objects.all()), [first])
        self.assertContains(self.client.get(RECEIPT_URL), first.display_tracking_code)

    def test_used_token_from_another_browser_reveals_nothing(self):
        """A token replayed from another session gets an error, not the receipt."""
        data = self.form_data()
        self.client.post(FORM_URL, data)
        code = Application.objects.get().display_tracking_code
        self.client.logout()  # a fresh session
        self.client.cookies.clear()
        response = self.client.post(FORM_URL, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "该表单已经提交过")
        self.assertNotContains(response, code)
        self.assertEqual(Application.objects.count(), 1)

    def test_tampered_token_is_refused_with_the_form_kept(self):
        response = self.client.post(FORM_URL, self.form_data(form_token="forged"))
        self.assertContains(response, "表单已失效")
        self.assertContains(response, 'value="张三"')
        self.assertFalse(Application.objects.exists())

    def test_honeypot_submission_is_refused(self):
        """A robot that fills the hidden field creates nothing."""
        response = self.client.post(
            FORM_URL, self.form_data(homepage="http://spam.example")
        )
        self.assertContains(response, "提交未成功")
        self.assertFalse(Application.objects.exists())

    def test_honeypot_is_hidden_from_people_and_assistive_technology(self):
        html = html_of(self.client.get(FORM_URL))
        self.assertRegex(
            html,
            r'<div class="apply-hp" aria-hidden="true">.*?name="homepage"[^>]*tabindex="-1"',
        )

    @override_settings(GONGKAI_APPLICATIONS_MIN_FILL_SECONDS=5)
    def test_too_fast_submission_is_refused_politely_with_the_form_kept(self):
        response = self.client.post(
            FORM_URL, self.form_data(form_token=self.old_token(seconds=1))
        )
        self.assertContains(response, "您提交得太快了")
        self.assertContains(response, 'value="张三"')
        self.assertFalse(Application.objects.exists())

    @override_settings(GONGKAI_APPLICATIONS_FORM_MAX_AGE=3600)
    def test_expired_form_gets_a_fresh_token_that_can_be_sent_at_once(self):
        response = self.client.post(
            FORM_URL, self.form_data(form_token=self.old_token(seconds=7200))
        )
        self.assertContains(response, "表单已超过有效时间")
        fresh = response.context["form"]["form_token"].value()
        self.assertRedirects(
            self.client.post(FORM_URL, self.form_data(form_token=fresh)), RECEIPT_URL
        )

    @override_settings(GONGKAI_APPLICATIONS_SUBMIT_RATE="2/h")
    def test_submissions_per_address_are_rate_limited(self):
        """The third application within the hour from one address is refused."""
        for _number in range(2):
            self.assertRedirects(
                self.client.post(FORM_URL, self.form_data()), RECEIPT_URL
            )
        response = self.client.post(FORM_URL, self.form_data())
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "提交过于频繁", status_code=429)
        self.assertContains(response, 'value="张三"', status_code=429)
        self.assertEqual(Application.objects.count(), 2)
        other = self.client.post(FORM_URL, self.form_data(), REMOTE_ADDR="192.0.2.7")
        self.assertRedirects(other, RECEIPT_URL)

    def test_receipt_without_a_submission_sends_to_the_status_page(self):
        self.assertRedirects(self.client.get(RECEIPT_URL), STATUS_URL)

    def test_receipt_survives_a_calendar_without_the_year(self):
        """No working-day data: the receipt says the date will be calculated later."""
        self.client.post(FORM_URL, self.form_data())
        with mock.patch(
            "gongkai.applications_public.views.get_calendar",
            return_value=WorkdayCalendar({}),
        ):
            response = self.client.get(RECEIPT_URL)
        self.assertContains(
            response, "工作日历尚未录入，答复期限将在录入工作日历后计算"
        )

    def test_without_a_linked_organisation_every_organisation_is_offered(self):
        """A site no organisation is linked to accepts applications for all of them."""
        create_home_page(title="另一站点")  # now the default site, nothing linked
        choices = self.client.get(FORM_URL).context["form"].fields["department"].choices
        self.assertEqual(len(choices), 3)


class StatusPageTests(PublicSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mine = services.submit_application(
            department=cls.department, data=person_data()
        )
        cls.other = services.submit_application(
            department=cls.department,
            data=person_data(
                applicant_name="李秘密",
                phone="13900001111",
                id_number="11010519491231002X",
                address="北京市朝阳区秘密路8号",
                title="李秘密的私人申请事项",
            ),
        )

    def look_up(self, code, tail, **extra):
        return self.client.post(
            STATUS_URL, {"tracking_code": code, "phone_tail": tail}, **extra
        )

    def assert_nothing_personal(self, response):
        html = html_of(response)
        for secret in ("李秘密", "13900001111", "11010519491231002X", "秘密路",
                       "张三", RESIDENT_ID, "13812345678", "某路1号"):  # fmt: skip
            self.assertNotIn(secret, html)

    def test_right_code_and_tail_show_state_and_deadline(self):
        response = self.look_up(self.mine.display_tracking_code, "5678")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "已提交，待受理机关确认收到")
        self.assertContains(response, self.mine.title)
        self.assertContains(response, "答复期限")
        self.assertContains(response, "提交申请")
        self.assert_nothing_personal(response)

    def test_code_is_accepted_in_any_case_and_grouping(self):
        code = self.mine.tracking_code.lower()
        self.assertContains(
            self.look_up(f" {code[:4]} {code[4:]} ", "5678"), "办理状态"
        )

    def test_wrong_tail_and_unknown_code_give_the_same_generic_error(self):
        """Neither factor is confirmed, and the other applicant's data never shows."""
        cases = [
            (self.mine.display_tracking_code, "0000"),
            (self.other.display_tracking_code, "5678"),  # someone else's code, my tail
            ("GK-2345-6789-ABCD", "5678"),
            ("nonsense", "5678"),
        ]
        bodies = set()
        for code, tail in cases:
            with self.subTest(code=code):
                response = self.look_up(code, tail)
                self.assertEqual(response.status_code, 200)
                self.assertContains(
                    response, "未查询到该申请，请核对查询码和联系电话后4位。"
                )
                self.assert_nothing_personal(response)
                self.assertNotContains(response, "办理状态")
                bodies.add(
                    re.sub(r'value="[^"]*"', "", html_of(response).split("<main")[1])
                )
        self.assertEqual(len(bodies), 1)

    def test_status_lookups_are_rate_limited(self):
        with override_settings(GONGKAI_APPLICATIONS_STATUS_RATE="3/h"):
            for _attempt in range(3):
                self.look_up(self.mine.display_tracking_code, "0000")
            response = self.look_up(self.mine.display_tracking_code, "5678")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "查询次数过多", status_code=429)
        self.assertNotContains(response, self.mine.title, status_code=429)

    def test_tail_must_be_four_digits(self):
        response = self.look_up(self.mine.display_tracking_code, "56a8")
        self.assertContains(response, "请填写4位数字。")
        self.assertContains(response, 'aria-invalid="true"')

    def test_status_page_gives_access_to_the_receipt(self):
        self.look_up(self.mine.display_tracking_code, "5678")
        receipt = self.client.get(RECEIPT_URL)
        self.assertContains(receipt, self.mine.display_tracking_code)
        self.assert_nothing_personal(receipt)

    def test_applicant_sees_each_state(self):
        """Received, correction (with what to correct), extension (new due date), reply."""
        application = register(
            self.department, self.officer, received_on=date(2025, 9, 25)
        )
        code = application.display_tracking_code
        self.assertContains(self.look_up(code, "5678"), "办理中")
        self.assertContains(self.look_up(code, "5678"), "收到申请日期：2025-09-25")

        services.request_correction(
            application=application, acting_user=self.officer,
            items="请写明招标文件所属的具体工程名称。", requested_on=date(2025, 9, 26),
        )  # fmt: skip
        response = self.look_up(code, "5678")
        self.assertContains(response, "待您补正")
        self.assertContains(
            response, "需补正的事项：请写明招标文件所属的具体工程名称。"
        )
        self.assertContains(response, "补正期限：")

        services.record_correction(
            application=application, acting_user=self.officer,
            corrected_on=date(2025, 9, 29),
        )  # fmt: skip
        services.extend_deadline(
            application=application, acting_user=self.officer, working_days=10,
            approved_by="赵主任", reason="需要会商", extended_on=date(2025, 10, 20),
        )  # fmt: skip
        application.refresh_from_db()
        response = self.look_up(code, "5678")
        self.assertContains(response, "办理中")
        self.assertContains(
            response, f"答复期限延长10个工作日，延至{application.due_on:%Y-%m-%d}。"
        )
        self.assertNotContains(response, "赵主任")
        self.assertNotContains(response, "需要会商")

        services.reply(
            application=application, acting_user=self.officer,
            result_type=ResultType.DISCLOSED, replied_on=date(2025, 10, 30),
        )  # fmt: skip
        response = self.look_up(code, "5678")
        self.assertContains(response, "已答复")
        self.assertContains(response, "办理结果：予以公开")
        self.assertEqual(
            [step.kind for step in response.context["steps"]],
            [EventKind.REGISTERED, EventKind.RECEIPT_CONFIRMED,
             EventKind.CORRECTION_REQUESTED, EventKind.CORRECTED, EventKind.EXTENDED,
             EventKind.REPLIED],
        )  # fmt: skip
        self.assert_nothing_personal(response)


class DisclosureLogTests(PublicSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for number in range(3):
            application = register(
                cls.department, cls.officer, received_on=date(2025, 9, 25),
                applicant_name=f"申请人{number}号", title=f"私人事项{number}",
                description=f"我的身份证号是{RESIDENT_ID}",
            )  # fmt: skip
            services.reply(
                application=application, acting_user=cls.officer,
                result_type=ResultType.DISCLOSED, replied_on=date(2025, 10, number + 1),
                public_title=f"某镇道路改造工程招标文件{number}" if number else "",
            )  # fmt: skip
        register(cls.department, cls.officer, received_on=date(2025, 9, 25))  # open
        foreign_officer = create_officer(cls.elsewhere)
        foreign = register(
            cls.elsewhere, foreign_officer, received_on=date(2025, 9, 25)
        )
        services.reply(
            application=foreign, acting_user=foreign_officer,
            result_type=ResultType.DISCLOSED, replied_on=date(2025, 10, 1),
            public_title="别处的答复",
        )  # fmt: skip

    def enable(self, on=True):
        settings = ApplicationSettings.for_site(Site.objects.get(is_default_site=True))
        settings.publish_disclosure_log = on
        settings.save()

    def test_log_is_404_when_the_site_has_not_enabled_it(self):
        self.assertEqual(self.client.get(LOG_URL).status_code, 404)
        self.assertNotContains(self.client.get(reverse("apply:intro")), LOG_URL)

    def test_log_lists_answered_applications_without_personal_data(self):
        self.enable()
        response = self.client.get(LOG_URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "某镇道路改造工程招标文件2")
        self.assertContains(response, "（申请事项不公开）")
        self.assertContains(response, "予以公开")
        self.assertContains(response, "2025-10-03")
        self.assertContains(response, "示例区教育局")
        self.assertEqual(len(response.context["entries"]), 3)
        html = html_of(response)
        for secret in (
            "申请人0号",
            "申请人1号",
            "私人事项",
            RESIDENT_ID,
            "13812345678",
            "别处的答复",
        ):
            self.assertNotIn(secret, html)
        self.assertContains(self.client.get(reverse("apply:intro")), LOG_URL)

    @override_settings(GONGKAI_APPLICATIONS_LOG_PER_PAGE=2)
    def test_log_is_paginated_with_a_fixed_number_of_queries(self):
        self.enable()
        self.client.get(LOG_URL)  # warm the site and settings caches of this process
        with self.assertNumQueries(8):
            response = self.client.get(LOG_URL, {"page": 2})
        self.assertEqual(len(response.context["entries"]), 1)
        self.assertContains(response, "第 2/2 页")


class IntroPageTests(PublicSiteTestCase):
    def test_intro_links_to_the_form_and_the_status_page(self):
        response = self.client.get(reverse("apply:intro"))
        self.assertContains(response, FORM_URL)
        self.assertContains(response, STATUS_URL)
        self.assertContains(response, "20个工作日")
        self.assertContains(response, "国办函〔2020〕109号")


class ReceiptTests(PublicSiteTestCase):
    def test_receipt_is_shown_for_two_hours_only(self):
        """A shared computer does not show the receipt to the next person for ever."""
        self.client.post(FORM_URL, self.form_data())
        self.assertEqual(self.client.get(RECEIPT_URL).status_code, 200)
        later = time.time() + 2 * 3600 + 1
        with mock.patch(
            "gongkai.applications_public.views.time.time", return_value=later
        ):
            self.assertRedirects(self.client.get(RECEIPT_URL), STATUS_URL)
