"""The annual report page: rendering, publishing, refusal of inconsistent data, the
changes after a late regeneration, the downloads and the command."""

from datetime import date
from decimal import Decimal
from io import StringIO
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from gongkai.applications.enums import ResultType
from gongkai.applications.models import Application, FeeNotice
from gongkai.applications.tests.factories import create_officer, register
from gongkai.catalog.enums import DisclosureMethod
from gongkai.catalog.tests.factories import publish
from gongkai.core.models import SiteIdentity
from gongkai.core.tests.factories import create_column, create_organisation
from gongkai.reports.layout import table3_leaf_labels
from gongkai.reports.models import SECTION_TITLES, AnnualReportPage
from gongkai.reports.services import ReportInconsistent, describe_fees, generate_report
from gongkai.reports.tables import TABLE3_CORNER_NOTE
from gongkai.reports.tests.factories import create_report_page
from gongkai.reports.tests.test_services import conclude


class ReportPageTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = create_organisation(name="金华市金东区人民政府办公室")
        cls.officer = create_officer(cls.office)
        cls.column = create_column(title="年度报告")
        application = cls.received(date(2025, 3, 3))
        conclude(cls.officer, application, ResultType.DISCLOSED, date(2025, 3, 10))

    @classmethod
    def received(cls, on):
        return register(cls.office, cls.officer, received_on=on)

    def create_page(self, **fields):
        return create_report_page(
            column=self.column, organisation=self.office, year=2025, **fields
        )


class RenderTests(ReportPageTestCase):
    def test_preamble_gives_the_website_and_the_contact_of_site_identity(self):
        page = publish(self.create_page())
        identity = SiteIdentity.for_site(page.get_site())
        identity.address, identity.phone = "金华市金东区光南路588号", "0579-82178212"
        identity.save()
        response = self.client.get(page.get_url())
        site = page.get_site()
        self.assertContains(response, f"（{site.root_url}）政府信息公开专栏查阅或下载")
        self.assertContains(
            response,
            "请与金华市金东区人民政府办公室联系（地址：金华市金东区光南路588号；"
            "联系电话：0579-82178212）。",
        )

    def test_live_page_shows_every_section_and_table(self):
        page = self.create_page()
        generate_report(page=page)
        page = publish(page)
        response = self.client.get(page.get_url())
        self.assertEqual(response.status_code, 200)
        for title in SECTION_TITLES:
            self.assertContains(response, f">{title}</h2>")
        for caption in (
            "表二　主动公开政府信息情况",
            "表三　收到和处理政府信息公开申请情况",
            "表四　政府信息公开行政复议、行政诉讼情况",
        ):
            self.assertContains(response, f"<caption>{caption}</caption>")
        self.assertContains(response, TABLE3_CORNER_NOTE)
        self.assertContains(
            response, '<th scope="colgroup" colspan="5">法人或其他组织</th>'
        )
        html = response.content.decode()
        positions = [html.index(f">{label}</th>") for label in table3_leaf_labels()]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(response, "统计期限自2025年1月1日起至2025年12月31日止")
        self.assertContains(response, page.index_number)
        self.assertContains(response, "本年度未收取信息处理费。")
        path = urlsplit(page.get_url()).path
        self.assertContains(response, f'href="{path}{page.slug}.docx"')
        self.assertContains(response, f'href="{path}{page.slug}.xlsx"')

    def test_downloads_are_served_for_live_pages_only(self):
        page = self.create_page()
        generate_report(page=page)
        draft_url = page.get_url()
        self.assertEqual(
            self.client.get(draft_url + f"{page.slug}.docx").status_code, 404
        )
        page = publish(page)
        docx = self.client.get(page.get_url() + f"{page.slug}.docx")
        self.assertEqual(docx.status_code, 200)
        self.assertTrue(docx.content.startswith(b"PK"))
        self.assertIn("attachment", docx["Content-Disposition"])
        xlsx = self.client.get(page.get_url() + f"{page.slug}.xlsx")
        self.assertEqual(
            xlsx["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        # The former dynamic URLs move permanently to the files.
        old = self.client.get(page.get_url() + "docx/")
        self.assertEqual(old.status_code, 301)
        self.assertTrue(
            old["Location"].endswith(
                urlsplit(page.get_url()).path + f"{page.slug}.docx"
            )
        )

    def test_hostile_download_names_answer_404(self):
        page = publish(self.create_page())
        generate_report(page=page)
        for suffix in ("other.docx", "..%2F.docx", f"{page.slug}.pdf", "nope/x.xlsx"):
            self.assertEqual(
                self.client.get(page.get_url() + suffix).status_code, 404, suffix
            )


class PublishTests(ReportPageTestCase):
    def test_publishing_allocates_an_index_number(self):
        page = publish(self.create_page())
        self.assertTrue(page.index_number)
        self.assertIsInstance(page, AnnualReportPage)

    def test_section_six_is_prefilled_with_the_fees_collected(self):
        application = Application.objects.get()
        FeeNotice.objects.create(
            application=application,
            scheme="per_request",
            quantity=11,
            amount=Decimal("100.00"),
            issued_on=date(2025, 3, 4),
            payment_due_on=date(2025, 4, 1),
            paid_on=date(2025, 3, 5),
        )
        page = self.create_page()
        generate_report(page=page)
        self.assertEqual(page.other_matters, "本年度收取信息处理费100元。")
        self.assertEqual(describe_fees(Decimal("0")), "本年度未收取信息处理费。")

    def test_office_text_of_section_six_is_kept(self):
        page = self.create_page(other_matters="本年度收取信息处理费0元，另见说明。")
        generate_report(page=page)
        self.assertEqual(page.other_matters, "本年度收取信息处理费0元，另见说明。")


class AdminTests(ReportPageTestCase):
    def setUp(self):
        self.admin = get_user_model().objects.create_superuser(
            "admin", "a@example.gov.cn", "pw"
        )
        self.client.force_login(self.admin)

    def post_add_form(self, follow=False, **fields):
        data = {
            "title": "金东区人民政府办公室2025年政府信息公开工作年度报告",
            "slug": "report-2025",
            "organisation": self.office.pk,
            "year": 2025,
            "overview": "总体情况。",
            "problems": "",
            "other_matters": "",
            "publisher": self.office.pk,
            "disclosure_method": DisclosureMethod.PROACTIVE,
            "genre": "",
            "topic": "",
            "published_at": "",
            "source": "",
            "document_number": "",
            "written_on": "",
            "validity": "",
            "keywords": "",
            "summary": "",
            "action-publish": "action-publish",
        }
        data.update(fields)
        data = {
            key: value
            for key, value in data.items()
            if value != "" or key != "action-publish"
        }
        url = reverse(
            "wagtailadmin_pages:add",
            args=["reports", "annualreportpage", self.column.pk],
        )
        return self.client.post(url, nested_form_data(data), follow=follow)

    def test_add_form_offers_the_office_sections(self):
        url = reverse(
            "wagtailadmin_pages:add",
            args=["reports", "annualreportpage", self.column.pk],
        )
        response = self.client.get(url)
        self.assertContains(response, "五、存在的主要问题及改进情况")
        self.assertContains(response, "保存后按报告机构和年度生成表二、表三、表四。")

    def test_publishing_from_the_admin_stores_the_tables(self):
        response = self.post_add_form()
        self.assertEqual(response.status_code, 302)
        page = AnnualReportPage.objects.get()
        self.assertTrue(page.live)
        self.assertTrue(page.index_number)
        self.assertEqual(
            page.tables_snapshot["table3"][0], ["new", [1, 0, 0, 0, 0, 0, 1]]
        )
        self.assertEqual(page.other_matters, "本年度未收取信息处理费。")

    def test_inconsistent_data_blocks_publishing_naming_the_application(self):
        bad = self.received(date(2025, 5, 6))
        conclude(self.officer, bad, ResultType.DISCLOSED, date(2025, 5, 9))
        Application.objects.filter(pk=bad.pk).update(concluded_on=date(2024, 12, 30))
        response = self.post_add_form()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "年度报告的数据不一致，不能发布")
        self.assertContains(response, bad.display_tracking_code)
        self.assertFalse(AnnualReportPage.objects.exists())

    def make_inconsistent(self):
        bad = self.received(date(2025, 5, 6))
        conclude(self.officer, bad, ResultType.DISCLOSED, date(2025, 5, 9))
        Application.objects.filter(pk=bad.pk).update(concluded_on=date(2024, 12, 30))
        return bad

    def test_a_draft_with_inconsistent_data_is_saved_and_shows_the_error(self):
        bad = self.make_inconsistent()
        response = self.post_add_form(**{"action-publish": ""}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "草稿已保存，但年度报告的数据不一致")
        self.assertContains(response, bad.display_tracking_code)
        page = AnnualReportPage.objects.get()
        self.assertFalse(page.live)
        self.assertEqual(page.tables_snapshot, {})

    def test_a_consistent_draft_shows_no_error(self):
        response = self.post_add_form(**{"action-publish": ""}, follow=True)
        self.assertNotContains(response, "年度报告的数据不一致")
        draft = AnnualReportPage.objects.get().get_latest_revision_as_object()
        self.assertEqual(draft.tables_snapshot["table3"][0][1][0], 1)

    def test_an_edited_draft_with_inconsistent_data_keeps_the_last_tables(self):
        page = self.create_page()
        generate_report(page=page)
        before = page.get_latest_revision_as_object().tables_snapshot
        self.assertTrue(before)
        bad = self.make_inconsistent()
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        form = self.client.get(url).context["form"]
        data = {**form.initial, "overview": "改过的总体情况。"}
        data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in data.items()}
        response = self.client.post(url, nested_form_data(data), follow=True)
        self.assertContains(response, "草稿已保存，但年度报告的数据不一致")
        self.assertContains(response, bad.display_tracking_code)
        draft = AnnualReportPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        self.assertEqual(draft.overview, "改过的总体情况。")
        self.assertEqual(draft.tables_snapshot, before)

    def test_edit_page_shows_the_cells_changed_by_regeneration(self):
        page = self.create_page()
        generate_report(page=page)
        self.received(date(2025, 6, 2))
        response = self.client.post(reverse("reports_regenerate", args=[page.pk]))
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[page.pk])
        )
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, "上次重新生成后变化的单元格")
        self.assertContains(
            response,
            "<td>一、本年新收政府信息公开申请数量</td><td>自然人</td><td>1</td><td>2</td>",
        )


class RegenerateTests(ReportPageTestCase):
    def test_late_application_shows_as_changed_cells(self):
        """An application registered after publication changes 新收, 结转 and 总计."""
        page = self.create_page()
        generate_report(page=page)
        page = publish(page)
        self.received(date(2025, 11, 20))
        changes = generate_report(page=AnnualReportPage.objects.get(pk=page.pk))
        described = {(c.table, c.row, c.column, c.old, c.new) for c in changes}
        self.assertEqual(
            described,
            {
                (
                    "收到和处理政府信息公开申请情况",
                    "一、本年新收政府信息公开申请数量",
                    "自然人",
                    "1",
                    "2",
                ),
                (
                    "收到和处理政府信息公开申请情况",
                    "一、本年新收政府信息公开申请数量",
                    "总计",
                    "1",
                    "2",
                ),
                (
                    "收到和处理政府信息公开申请情况",
                    "四、结转下年度继续办理",
                    "自然人",
                    "0",
                    "1",
                ),
                (
                    "收到和处理政府信息公开申请情况",
                    "四、结转下年度继续办理",
                    "总计",
                    "0",
                    "1",
                ),
            },
        )
        live = AnnualReportPage.objects.get(pk=page.pk)
        self.assertEqual(live.changes(), changes)
        self.assertEqual(live.tables_snapshot["table3"][0][1][0], 2)

    def test_regeneration_refuses_inconsistent_data(self):
        page = self.create_page()
        bad = self.received(date(2025, 5, 6))
        conclude(self.officer, bad, ResultType.DISCLOSED, date(2025, 5, 9))
        Application.objects.filter(pk=bad.pk).update(result_type="")
        with self.assertRaisesMessage(ReportInconsistent, bad.display_tracking_code):
            generate_report(page=page)

    def test_command_lists_the_changed_cells(self):
        page = self.create_page()
        generate_report(page=page)
        self.received(date(2025, 6, 2))
        out = StringIO()
        call_command(
            "generate_annual_report", organisation=self.office.pk, year=2025, stdout=out
        )
        self.assertIn("4个单元格有变化", out.getvalue())
        self.assertIn("一、本年新收政府信息公开申请数量｜自然人：1 → 2", out.getvalue())
