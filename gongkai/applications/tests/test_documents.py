from datetime import date
from io import BytesIO
from typing import Any

from django.test import TestCase
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from gongkai.applications import services
from gongkai.applications.documents import (
    BUILDERS,
    available_documents,
    build_consultation_letter,
    render_docx,
    render_html,
)
from gongkai.applications.documents.content import chinese_date
from gongkai.applications.enums import ResultType
from gongkai.applications.tests.factories import (
    create_department,
    create_officer,
    register,
)

REG = "《中华人民共和国政府信息公开条例》"
# The provision each result relies on, stated independently of reply_wording.py.
ARTICLES = {
    ResultType.DISCLOSED: REG + "第三十六条第（二）项",
    ResultType.PARTIALLY_DISCLOSED: REG + "第三十七条",
    ResultType.WITHHELD_STATE_SECRET: REG + "第十四条、第三十六条第（三）项",
    ResultType.WITHHELD_PROHIBITED_BY_LAW: REG + "第十四条、第三十六条第（三）项",
    ResultType.WITHHELD_SECURITY_STABILITY: REG + "第十四条、第三十六条第（三）项",
    ResultType.WITHHELD_THIRD_PARTY: REG + "第十五条、第三十六条第（三）项",
    ResultType.WITHHELD_INTERNAL_AFFAIRS: REG + "第十六条第一款、第三十六条第（三）项",
    ResultType.WITHHELD_PROCESS_INFORMATION: REG
    + "第十六条第二款、第三十六条第（三）项",
    ResultType.WITHHELD_ENFORCEMENT_FILE: REG + "第十六条第二款、第三十六条第（三）项",
    ResultType.WITHHELD_ADMINISTRATIVE_QUERY: REG + "第三十六条第（七）项",
    ResultType.UNAVAILABLE_NOT_HELD: REG + "第三十六条第（四）项",
    ResultType.UNAVAILABLE_NEEDS_CREATION: REG + "第三十八条",
    ResultType.UNAVAILABLE_STILL_UNCLEAR: REG + "第二十九条第二款、第三十条",
    ResultType.NOT_PROCESSED_PETITION: REG + "第三十九条第一款",
    ResultType.NOT_PROCESSED_REPEATED: REG + "第三十六条第（六）项",
    ResultType.NOT_PROCESSED_PUBLICATION: REG + "第三十九条第二款",
    ResultType.NOT_PROCESSED_EXCESSIVE: REG + "第三十五条",
    ResultType.NOT_PROCESSED_CONFIRMATION: REG + "第三十八条",
    ResultType.OTHER_NO_CORRECTION: REG + "第三十条",
    ResultType.OTHER_FEE_UNPAID: "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    ResultType.OTHER: REG + "第三十六条",
}


def docx_paragraphs(content: bytes) -> list:
    return Document(BytesIO(content)).paragraphs


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx_paragraphs(content))


class DocumentTestCase(TestCase):
    officer: Any

    @classmethod
    def setUpTestData(cls):
        cls.department = create_department(name="某县交通运输局")
        cls.officer = create_officer(cls.department)

    def received(self, on=date(2025, 9, 25)):
        return register(self.department, self.officer, received_on=on)

    def concluded(self, result: ResultType):
        application = self.received()
        act = {"application": application, "acting_user": self.officer}
        if result == ResultType.OTHER_NO_CORRECTION:
            services.request_correction(
                **act, items="x", requested_on=date(2025, 9, 26)
            )
            services.close_for_missing_correction(**act, closed_on=date(2025, 11, 3))
        elif result == ResultType.OTHER_FEE_UNPAID:
            services.issue_fee_notice(
                **act, scheme="per_page", quantity=40, issued_on=date(2025, 9, 26)
            )
            services.close_for_unpaid_fee(**act, closed_on=date(2025, 11, 3))
        else:
            if result == ResultType.UNAVAILABLE_STILL_UNCLEAR:
                services.request_correction(
                    **act, items="x", requested_on=date(2025, 9, 26)
                )
                services.record_correction(**act, corrected_on=date(2025, 9, 29))
            reasons = (
                [ResultType.WITHHELD_THIRD_PARTY]
                if result == ResultType.PARTIALLY_DISCLOSED
                else []
            )
            services.reply(
                **act,
                result_type=result,
                partial_reasons=reasons,
                replied_on=date(2025, 10, 20),
            )
        return application


class ReplyDocumentTests(DocumentTestCase):
    def test_each_result_type_cites_its_article(self):
        """The DOCX opens, is addressed to the applicant, carries the tracking code and
        cites the provision of its result type."""
        self.assertEqual(set(ARTICLES), set(ResultType))
        for result, article in ARTICLES.items():
            with self.subTest(result=result.value):
                application = self.concluded(result)
                text = docx_text(render_docx(BUILDERS["reply"][1](application)))
                self.assertIn("张三：", text)
                self.assertIn(application.display_tracking_code, text)
                self.assertIn(f"依据{article}的规定", text)
                self.assertIn("政府信息公开申请答复书", text)

    def test_variants_of_article_36(self):
        """Already published: item 1 and where to find it; held elsewhere: item 5 and
        the responsible agency; withdrawn: no remedy paragraph."""
        published = self.received()
        services.reply(
            application=published,
            acting_user=self.officer,
            result_type="disclosed",
            published_location="某县人民政府门户网站",
            replied_on=date(2025, 10, 9),
        )
        elsewhere = self.received()
        services.reply(
            application=elsewhere,
            acting_user=self.officer,
            result_type="unavailable_not_held",
            responsible_agency="某县自然资源局，0579-1234567",
            replied_on=date(2025, 10, 9),
        )
        withdrawn = self.received()
        services.withdraw(
            application=withdrawn,
            acting_user=self.officer,
            withdrawn_on=date(2025, 9, 26),
        )
        cases = [
            (published, ["第三十六条第（一）项", "某县人民政府门户网站", "行政复议"]),
            (elsewhere, ["第三十六条第（五）项", "某县自然资源局", "行政复议"]),
            (withdrawn, ["撤回政府信息公开申请"]),
        ]
        for application, expected in cases:
            text = docx_text(render_docx(BUILDERS["reply"][1](application)))
            for fragment in expected:
                with self.subTest(fragment=fragment):
                    self.assertIn(fragment, text)
        self.assertNotIn(
            "行政复议", docx_text(render_docx(BUILDERS["reply"][1](withdrawn)))
        )

    def test_layout(self):
        """Title centred in 方正小标宋简体 (eastAsia font), organisation and date right."""
        application = self.concluded(ResultType.DISCLOSED)
        paragraphs = docx_paragraphs(render_docx(BUILDERS["reply"][1](application)))
        title = paragraphs[0]
        self.assertEqual(title.alignment, WD_ALIGN_PARAGRAPH.CENTER)
        fonts = title.runs[0]._element.rPr.rFonts
        self.assertEqual(
            fonts.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
            ),
            "方正小标宋简体",
        )
        self.assertEqual(
            [p.text for p in paragraphs[-2:]], ["某县交通运输局", "2025年10月20日"]
        )
        self.assertEqual(
            {p.alignment for p in paragraphs[-2:]}, {WD_ALIGN_PARAGRAPH.RIGHT}
        )


class NoticeDocumentTests(DocumentTestCase):
    def test_notices_along_the_way(self):
        """Receipt, correction and extension notices state their dates and articles."""
        application = self.received()
        act = {"application": application, "acting_user": self.officer}
        self.assertEqual(
            [k for k, _label in available_documents(application)], ["receipt"]
        )
        receipt = docx_text(render_docx(BUILDERS["receipt"][1](application)))
        services.request_correction(
            **act, items="请写明道路名称", requested_on=date(2025, 9, 30)
        )
        correction = docx_text(render_docx(BUILDERS["correction"][1](application)))
        services.record_correction(**act, corrected_on=date(2025, 10, 10))
        services.extend_deadline(
            **act,
            working_days=20,
            approved_by="王主任",
            reason="需要会商",
            extended_on=date(2025, 10, 20),
        )
        extension = docx_text(render_docx(BUILDERS["extension"][1](application)))
        cases = [
            (receipt, ["受理回执", "2025年9月25日", "2025年10月29日", "第三十三条"]),
            (
                correction,
                ["补正告知书", "第三十条", "请写明道路名称", "2025年10月28日"],
            ),
            (
                extension,
                ["延期答复告知书", "第三十三条第二款", "20个工作日", "2025年12月4日"],
            ),
        ]
        for text, fragments in cases:
            for fragment in [*fragments, "张三：", application.display_tracking_code]:
                with self.subTest(fragment=fragment):
                    self.assertIn(fragment, text)

    def test_fee_notice_states_amount_basis_and_payment_period(self):
        """收费通知书 (109号): DOCX and printable HTML, once a fee notice is issued."""
        application = self.received()
        self.assertNotIn("fee", [k for k, _label in available_documents(application)])
        notice = services.issue_fee_notice(
            application=application,
            acting_user=self.officer,
            scheme="per_page",
            quantity=40,
            issued_on=date(2025, 9, 26),
        )
        self.assertIn("fee", [k for k, _label in available_documents(application)])
        built = BUILDERS["fee"][1](application)
        text = docx_text(render_docx(built))
        for fragment in (
            "缴费通知书",
            "共40页",
            f"人民币{notice.amount:.2f}元",
            "按量计收",
            "国办函〔2020〕109号",
            chinese_date(notice.payment_due_on),
            "视为放弃申请",
            "张三：",
        ):
            with self.subTest(fragment=fragment):
                self.assertIn(fragment, text)
        self.assertIn("人民币", render_html(built))
        self.assertNotIn("13812345678", text)

    def test_consultation_letter_reveals_nothing_about_the_applicant(self):
        """Art. 32 letter to a third party, Art. 34 letter to an agency: no applicant name,
        phone or tracking code."""
        application = self.received()
        for kind, article in (("third_party", "第三十二条"), ("agency", "第三十四条")):
            consultation = services.start_consultation(
                application=application,
                acting_user=self.officer,
                kind=kind,
                party="某建设公司",
                started_on=date(2025, 10, 9),
            )
            text = docx_text(render_docx(build_consultation_letter(consultation)))
            with self.subTest(kind=kind):
                self.assertIn("某建设公司：", text)
                self.assertIn(article, text)
                self.assertIn("2025年10月29日", text)  # 15 working days after 9 Oct
                for secret in (
                    "张三",
                    application.display_tracking_code,
                    "13812345678",
                ):
                    self.assertNotIn(secret, text)

    def test_printable_html(self):
        application = self.concluded(ResultType.WITHHELD_STATE_SECRET)
        html = render_html(BUILDERS["reply"][1](application))
        self.assertIn("<h1>政府信息公开申请答复书</h1>", html)
        self.assertIn("第十四条", html)
        self.assertIn("window.print()", html)
