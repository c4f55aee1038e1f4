"""The DOCX as LibreOffice lays it out (issue #16 item 7): rendered to PDF and measured
with pdfplumber against the layout of published reports — the title on two whole
lines, table 3 alone on one landscape A4 page within the margins with its ten columns
and 28 rows, table 4 on landscape, labels wrapped only after punctuation, header rows
repeated on every page a table spans."""

import io
import shutil
import subprocess
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any
from unittest import skipIf

import docx
import pdfplumber
from django.test import TestCase
from docx.shared import Mm
from wagtail.models import Site

from gongkai.applications.enums import ResultType
from gongkai.applications.tests.factories import create_officer, register
from gongkai.core.tests.factories import (
    create_column,
    create_home_page,
    create_organisation,
)
from gongkai.reports.layout import table3_leaf_labels
from gongkai.reports.report_docx import build_docx
from gongkai.reports.services import generate_report
from gongkai.reports.tests.factories import create_report_page
from gongkai.reports.tests.test_services import conclude

LIBREOFFICE = shutil.which("libreoffice")
POINTS_PER_MM = 72 / 25.4
A4 = (210, 297)
# The layout expected of the golden-sized report (汉阳区 2022: a few applications, short
# prose): portrait pages (title to table 2), table 3 on a landscape page of its own,
# table 4 on landscape, 五 and 六 back on portrait. How many portrait pages the prose
# takes depends on the fonts LibreOffice falls back to, so runs of portrait pages are
# compared as one; the two landscape pages are exact.
EXPECTED_ORIENTATIONS = ["portrait", "landscape", "landscape", "portrait"]
LANDSCAPE_MARGINS_MM = {"left": 37, "right": 35, "top": 28, "bottom": 26}
TABLE3_COLUMN_COUNT, TABLE3_ROW_COUNT, TABLE3_HEAD_ROWS = 10, 28, 3
LINE_ENDS = "、，；：）"  # a label may wrap only after these
ONE_LINE_LABELS = (
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "（三）不予公开",
    "5.要求行政机关确认或重新出具已获取信息",
)


def render_pdf(document: bytes, folder: Path) -> Path:
    source = folder / "report.docx"
    source.write_bytes(document)
    profile = f"file:///tmp/lo-profile-{uuid.uuid4().hex}"
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            str(LIBREOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = folder / "report.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr.decode()
    return pdf


def compact(text: str | None) -> str:
    """pdfplumber puts spaces between Latin and CJK runs; the DOCX has none."""
    return (text or "").replace(" ", "")


def orientation(page: pdfplumber.page.Page) -> str:
    return "landscape" if page.width > page.height else "portrait"


def table3_parts(pdf: pdfplumber.PDF) -> list[tuple[Any, Any, list]]:
    """(page, rows) of each part of table 3: the grid whose first cell is its corner note."""
    parts = []
    for page in pdf.pages:
        for table in page.find_tables():
            rows = table.extract()
            if any("勾稽关系" in compact(cell) for cell in rows[0] if cell):
                parts.append((page, table, rows))
    return parts


def body_labels(rows: list[list[str | None]]) -> list[str]:
    """The leaf label of each body row (the last label cell that has text)."""
    labels = []
    for row in rows[TABLE3_HEAD_ROWS:]:
        cells = [compact(c).replace("\n", "") for c in row[:3] if c]
        labels.append(cells[-1])
    return labels


@skipIf(LIBREOFFICE is None, "libreoffice is not installed (`make libreoffice`)")
class PdfLayoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = create_organisation(name="武汉市汉阳区人民政府办公室")
        officer = create_officer(cls.office)
        application = register(cls.office, officer, received_on=date(2022, 3, 3))
        conclude(officer, application, ResultType.DISCLOSED, date(2022, 3, 10))
        register(cls.office, officer, received_on=date(2022, 12, 29))
        # A fixed site name and host: the preamble names them, and factory numbers
        # differ with the tests run before this one.
        home = create_home_page(title="武汉市汉阳区人民政府", slug="hanyang")
        Site.objects.filter(root_page=home).update(
            hostname="www.hanyang.gov.cn", site_name="武汉市汉阳区人民政府"
        )
        cls.page = create_report_page(
            column=create_column(parent=home, title="年度报告"),
            organisation=cls.office,
            year=2022,
        )
        generate_report(page=cls.page)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="gk-report-pdf-"))
        cls.docx = build_docx(cls.page)
        cls.pdf = pdfplumber.open(render_pdf(cls.docx, cls.folder))

    @classmethod
    def tearDownClass(cls):
        cls.pdf.close()
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def test_page_count_and_orientations(self):
        pages = [orientation(page) for page in self.pdf.pages]
        portrait_runs_as_one = [
            kind
            for index, kind in enumerate(pages)
            if kind == "landscape" or index == 0 or pages[index - 1] != "portrait"
        ]
        self.assertEqual(portrait_runs_as_one, EXPECTED_ORIENTATIONS, pages)
        for page in self.pdf.pages:
            size = sorted(
                (round(page.width / POINTS_PER_MM), round(page.height / POINTS_PER_MM))
            )
            self.assertEqual(tuple(size), A4)

    def test_title_is_two_whole_lines(self):
        lines = [
            compact(line) for line in self.pdf.pages[0].extract_text().splitlines()
        ]
        self.assertEqual(
            lines[:2], ["武汉市汉阳区人民政府办公室", "2022年政府信息公开工作年度报告"]
        )

    def test_table3_fills_one_landscape_page_within_the_margins(self):
        parts = table3_parts(self.pdf)
        self.assertEqual(len(parts), 1, "table 3 should fit on one landscape page")
        page, table, rows = parts[0]
        self.assertEqual(orientation(page), "landscape")
        self.assertEqual(len(rows), TABLE3_ROW_COUNT)
        self.assertEqual({len(row) for row in rows}, {TABLE3_COLUMN_COUNT})
        x0, top, x1, bottom = table.bbox
        margin = {k: v * POINTS_PER_MM for k, v in LANDSCAPE_MARGINS_MM.items()}
        tolerance = 1.5  # points: half a rule's width either side
        self.assertGreaterEqual(x0, margin["left"] - tolerance)
        self.assertLessEqual(x1, page.width - margin["right"] + tolerance)
        self.assertGreaterEqual(top, margin["top"] - tolerance)
        self.assertLessEqual(bottom, page.height - margin["bottom"] + tolerance)
        # The table uses the text width: the columns were not squeezed.
        text_width = page.width - margin["left"] - margin["right"]
        self.assertGreater(x1 - x0, text_width - 2 * tolerance)
        self.assertEqual(body_labels(rows), table3_leaf_labels())

    def test_labels_wrap_only_after_punctuation(self):
        (_, _, rows), *_ = table3_parts(self.pdf)
        cells = [compact(cell) for row in rows for cell in row if cell]
        for cell in cells:
            for line in cell.splitlines()[:-1]:
                self.assertIn(line[-1], LINE_ENDS, f"{cell!r} wraps mid-word")
        for label in ONE_LINE_LABELS:
            self.assertIn(label, cells, f"{label} is not one whole line")

    def test_table4_on_landscape_with_fifteen_columns(self):
        for page in self.pdf.pages:
            for table in page.find_tables():
                rows = table.extract()
                if compact(rows[0][0]) == "行政复议":
                    self.assertEqual(orientation(page), "landscape")
                    self.assertEqual(len(rows[-1]), 15)
                    self.assertIn("结果维持", [compact(c) for c in rows[1]])
                    return
        self.fail("table 4 not found in the PDF")

    def test_header_rows_repeat_on_every_page_the_table_spans(self):
        """A deeper top margin (as an office's letterhead would take) forces table 3
        over two pages: the continuation starts with the same three header rows."""
        document = docx.Document(io.BytesIO(self.docx))
        document.sections[1].top_margin = Mm(90)
        buffer = io.BytesIO()
        document.save(buffer)
        folder = Path(tempfile.mkdtemp(prefix="gk-report-pdf-"))
        self.addCleanup(shutil.rmtree, folder, True)
        with pdfplumber.open(render_pdf(buffer.getvalue(), folder)) as pdf:
            parts = table3_parts(pdf)
            self.assertGreaterEqual(len(parts), 2)
            heads = [rows[:TABLE3_HEAD_ROWS] for _, _, rows in parts]
            for head in heads[1:]:
                self.assertEqual(head, heads[0])
            self.assertIn("申请人情况", [compact(c) for c in heads[0][0]])
            labels = [label for _, _, rows in parts for label in body_labels(rows)]
            self.assertEqual(labels, table3_leaf_labels())  # no row lost or split
