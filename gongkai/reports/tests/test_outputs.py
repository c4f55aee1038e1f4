"""The DOCX and XLSX of a report: official labels in order, merged headers, and a DOCX
that LibreOffice converts to PDF."""

import io
import subprocess
import tempfile
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
from django.test import TestCase
from docx.shared import Length

from gongkai.applications.enums import ResultType
from gongkai.applications.tests.factories import create_officer, register
from gongkai.core.models import SiteIdentity
from gongkai.core.tests.factories import create_column, create_organisation
from gongkai.reports.layout import table3_leaf_labels
from gongkai.reports.models import AnnualFigures
from gongkai.reports.report_docx import build_docx
from gongkai.reports.report_xlsx import build_xlsx
from gongkai.reports.services import generate_report
from gongkai.reports.tables import (
    DOCUMENT_KINDS,
    FEES_LABEL,
    TABLE2_FIGURE_ROWS,
    TABLE3_COLUMNS,
    TABLE3_CORNER_NOTE,
    TABLE4_COLUMNS,
)
from gongkai.reports.tests.factories import create_report_page
from gongkai.reports.tests.test_services import conclude

LIBREOFFICE = "/usr/bin/libreoffice"
TABLE2_LABELS = [
    "第二十条第（一）项",
    "信息内容",
    *[label for _, label in DOCUMENT_KINDS],
    "第二十条第（五）项",
    "信息内容",
    "行政许可",
    "第二十条第（六）项",
    "信息内容",
    *[label for _, label in TABLE2_FIGURE_ROWS[1:]],
    "第二十条第（八）项",
    "信息内容",
    FEES_LABEL,
]
TABLE3_KINDS = [label for _, label in TABLE3_COLUMNS]
OUTCOMES = [label for _, label in TABLE4_COLUMNS]


class OutputTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = create_organisation(name="金华市金东区人民政府办公室")
        officer = create_officer(cls.office)
        application = register(cls.office, officer, received_on=date(2025, 3, 3))
        conclude(officer, application, ResultType.DISCLOSED, date(2025, 3, 10))
        register(cls.office, officer, received_on=date(2025, 12, 29))
        AnnualFigures.objects.create(
            organisation=cls.office,
            year=2025,
            penalty_decisions=12,
            fees_amount=Decimal("18.8710"),
        )
        cls.page = create_report_page(
            column=create_column(title="年度报告"), organisation=cls.office, year=2025
        )
        identity = SiteIdentity.for_site(cls.page.get_site())
        identity.address, identity.postcode = "金华市金东区光南路588号", "321000"
        identity.phone, identity.email = "0579-82178212", "zfxxgk@example.org"
        identity.save()
        generate_report(page=cls.page)


class DocxTests(OutputTestCase):
    def setUp(self):
        self.document = docx.Document(io.BytesIO(build_docx(self.page)))

    def test_has_three_tables_with_the_official_labels_in_order(self):
        """Table 2's label column, table 3's header and rows, table 4's headers."""
        table2, table3, table4 = self.document.tables
        self.assertEqual([row.cells[0].text for row in table2.rows], TABLE2_LABELS)
        self.assertEqual(table2.rows[1].cells[1].text, "本年制发件数")
        self.assertEqual(table3.rows[0].cells[0].text, TABLE3_CORNER_NOTE)
        self.assertEqual(table3.rows[0].cells[3].text, "申请人情况")
        self.assertEqual(table3.rows[1].cells[4].text, "法人或其他组织")
        header = [
            table3.rows[2].cells[3].text,
            *[c.text for c in table3.rows[2].cells[4:9]],
            table3.rows[1].cells[9].text,
        ]
        self.assertEqual(header, TABLE3_KINDS)
        self.assertEqual(
            # Long labels carry a line break after their 、 (docx_tables.label_lines).
            [row.cells[2].text.replace("\n", "") for row in table3.rows[3:]],
            table3_leaf_labels(),
        )
        self.assertEqual(table4.rows[0].cells[0].text, "行政复议")
        self.assertEqual(table4.rows[0].cells[5].text, "行政诉讼")
        self.assertEqual(table4.rows[1].cells[5].text, "未经复议直接起诉")
        self.assertEqual(table4.rows[1].cells[10].text, "复议后起诉")
        self.assertEqual([c.text for c in table4.rows[2].cells[5:15]], OUTCOMES * 2)

    def test_table3_holds_the_computed_cells(self):
        """一 (新收) is 2 natural persons; 结转下年度 is 1."""
        table3 = self.document.tables[1]
        new, carried_over = table3.rows[3], table3.rows[-1]
        self.assertEqual(new.cells[3].text, "2")
        self.assertEqual(new.cells[9].text, "2")
        self.assertEqual(carried_over.cells[3].text, "1")

    def test_header_of_table3_is_merged(self):
        """The corner note spans three rows and three label columns."""
        table3 = self.document.tables[1]
        corner = table3.cell(0, 0)._tc
        self.assertIs(table3.cell(0, 2)._tc, corner)
        self.assertEqual(corner.grid_span, 3)
        self.assertIs(table3.cell(2, 1)._tc, corner)
        self.assertEqual(table3.rows[1]._tr.tc_lst[0].vMerge, "continue")

    def test_each_table_follows_its_section_heading(self):
        """表二 under 二, 表三 under 三, 表四 under 四, as on the published page."""
        from gongkai.reports.models import SECTION_TITLES

        order = []
        for child in self.document.element.body.iterchildren():
            if child.tag.endswith("}tbl"):
                order.append("table")
            else:
                text = "".join(
                    node.text or "" for node in child.iter() if node.tag.endswith("}t")
                )
                if text in SECTION_TITLES:
                    order.append(text)
        one, two, three, four, five, six = SECTION_TITLES
        self.assertEqual(
            order, [one, two, "table", three, "table", four, "table", five, six]
        )

    def test_title_sections_and_a4_page(self):
        texts = [p.text for p in self.document.paragraphs]
        # Two lines, broken between the organisation and the year, never mid-word.
        self.assertEqual(
            texts[0], "金华市金东区人民政府办公室\n2025年政府信息公开工作年度报告"
        )
        for title in (
            "一、总体情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ):
            self.assertIn(title, texts)
        self.assertIn("本年度未收取信息处理费。", texts)
        section = self.document.sections[0]
        self.assertEqual(
            (round(section.page_width.mm), round(section.page_height.mm)), (210, 297)
        )

    def test_preamble_names_the_website_and_the_contact_from_site_identity(self):
        preamble = self.document.paragraphs[1].text
        site = self.page.get_site()
        self.assertIn(
            f"本报告电子版可在“{site.site_name}”网站（{site.root_url}）", preamble
        )
        self.assertIn(
            "如对本报告有任何疑问，请与金华市金东区人民政府办公室联系（地址：金华市金东区光南路588号；"
            "邮编：321000；联系电话：0579-82178212；电子邮箱：zfxxgk@example.org）。",
            preamble,
        )

    def test_header_rows_repeat_and_rows_do_not_split(self):
        """w:tblHeader on the head rows of tables 3 and 4 (three each), none on the
        body; w:cantSplit on every row; fixed layout at the text width."""
        _, table3, table4 = self.document.tables
        for table, text_mm in ((table3, 225), (table4, 225)):
            flags = [
                row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
                for row in table.rows
            ]
            self.assertEqual(flags, [True] * 3 + [False] * (len(table.rows) - 3))
            for row in table.rows:
                self.assertIsNotNone(row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")))
            grid = [column.width.mm for column in table.columns]
            self.assertAlmostEqual(sum(grid), text_mm, delta=0.5)
        self.assertEqual(len(table3.columns), 10)

    def test_tables_3_and_4_sit_in_a_landscape_section(self):
        portrait, landscape, back = self.document.sections
        self.assertLess(portrait.page_width, portrait.page_height)
        self.assertGreater(landscape.page_width, landscape.page_height)
        self.assertLess(back.page_width, back.page_height)
        text_width = (
            landscape.page_width - landscape.left_margin - landscape.right_margin
        )
        self.assertAlmostEqual(Length(text_width).mm, 225, delta=0.5)


class XlsxTests(OutputTestCase):
    def test_amounts_keep_four_decimals_and_counts_are_integers(self):
        """行政事业性收费 18.8710 万元 stays 18.8710 (number, format 0.0000); counts are
        integers shown as integers."""
        workbook = openpyxl.load_workbook(io.BytesIO(build_xlsx(self.page)))
        sheet = workbook["表二"]
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
        fees = rows[FEES_LABEL][1]
        self.assertEqual(fees.value, 18.871)  # a number in the cell, not text
        self.assertEqual(fees.number_format, "0.0000")
        penalties = rows["行政处罚"][1]
        self.assertEqual((penalties.value, penalties.number_format), (12, "0"))
        self.assertIsInstance(penalties.value, int)
        new = workbook["表三"].cell(5, 4)
        self.assertEqual((new.value, new.number_format), (2, "0"))

    def test_one_sheet_per_table_with_the_official_labels(self):
        workbook = openpyxl.load_workbook(io.BytesIO(build_xlsx(self.page)))
        self.assertEqual(workbook.sheetnames, ["表二", "表三", "表四"])
        table2, table3, table4 = (workbook[name] for name in workbook.sheetnames)
        self.assertEqual(
            [row[0] for row in table2.iter_rows(min_row=2, values_only=True)],
            TABLE2_LABELS,
        )
        self.assertEqual(table3.cell(2, 1).value, TABLE3_CORNER_NOTE)
        header = [
            table3.cell(3, 4).value,
            *[table3.cell(4, c).value for c in range(5, 10)],
            table3.cell(3, 10).value,
        ]
        self.assertEqual(header, TABLE3_KINDS)
        self.assertEqual(
            [
                table3.cell(r, 3).value
                or table3.cell(r, 2).value
                or table3.cell(r, 1).value
                for r in range(5, 30)
            ],
            table3_leaf_labels(),
        )
        self.assertEqual(table3.cell(5, 4).value, 2)
        self.assertEqual([table4.cell(4, c).value for c in range(6, 16)], OUTCOMES * 2)
        self.assertIn("A2:C4", {str(r) for r in table3.merged_cells.ranges})


class LibreOfficeTests(OutputTestCase):
    def test_docx_converts_to_pdf(self):
        """`libreoffice --headless --convert-to pdf` opens the DOCX (make test installs it)."""
        self.assertTrue(
            Path(LIBREOFFICE).exists(),
            f"{LIBREOFFICE} is missing: run `make libreoffice`.",
        )
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "report.docx"
            source.write_bytes(build_docx(self.page))
            profile = f"file:///tmp/lo-profile-{uuid.uuid4().hex}"
            result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
                [
                    LIBREOFFICE,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                capture_output=True,
                timeout=120,
                check=False,
            )
            self.assertEqual(result.returncode, 0, result.stderr.decode())
            pdf = Path(tmp) / "report.pdf"
            self.assertTrue(
                pdf.exists(), result.stdout.decode() + result.stderr.decode()
            )
            self.assertTrue(pdf.read_bytes().startswith(b"%PDF"))
