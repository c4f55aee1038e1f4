"""The report as a Word document in the usual layout of published reports: A4 with the
公文 margins (GB/T 9704), title 方正小标宋简体 二号, body 仿宋_GB2312 三号, headings 黑体
三号, tables 2-4 with the official labels and merged header cells. Tables 3 and 4 sit in a
landscape section, as in published reports, so that table 3's ten columns keep their
headings on one line; header rows repeat on every page a table spans (docx_tables)."""

import io
from typing import TYPE_CHECKING

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from .docx_tables import LANDSCAPE_TABLES, apply_geometry, cell_width, label_lines
from .layout import TableLayout
from .preamble import preamble_paragraphs

if TYPE_CHECKING:
    from .models import AnnualReportPage

TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"
SIZE_2, SIZE_3, TABLE_SIZE = Pt(22), Pt(16), Pt(9)
# Exact line pitch in table cells: the CJK fonts' own line height (1.45 em) would push
# table 3's 28 rows past one landscape page.
TABLE_LINE = Pt(12)
FALLBACK_FONT = (
    "Noto Serif CJK SC"  # latin slot; east-Asian slot names the official font
)


def _run(
    paragraph: Paragraph, text: str, font: str, size: Pt, bold: bool = False
) -> None:
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = FALLBACK_FONT, size, bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _new_section(document: DocumentObject, landscape: bool) -> None:
    """A new page in landscape (the A4 turned, margins turned with it) or portrait."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _paragraph(
    document: DocumentObject, text: str, font: str = BODY_FONT, indent: bool = True
) -> Paragraph:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
    _run(paragraph, text, font, SIZE_3)
    return paragraph


def _fill(table: Table, layout: TableLayout) -> None:
    for r, row in enumerate(layout.rows):
        for cell in row:
            target = table.cell(r, cell.col)
            end = table.cell(r + cell.row_span - 1, cell.col + cell.col_span - 1)
            if end._tc is not target._tc:
                target = target.merge(end)
            width = cell_width(layout, cell.col, cell.col_span)
            target.width = Mm(width)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = target.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            spacing = paragraph.paragraph_format
            spacing.space_before = spacing.space_after = Pt(0)
            spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            spacing.line_spacing = TABLE_LINE
            font = HEADING_FONT if cell.header else BODY_FONT
            for n, line in enumerate(label_lines(cell.text, width, TABLE_SIZE.pt)):
                if n:
                    paragraph.runs[-1].add_break()
                _run(paragraph, line, font, TABLE_SIZE)


def _table(document: DocumentObject, layout: TableLayout) -> None:
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    _run(caption, f"表{layout.number}　{layout.caption}", HEADING_FONT, Pt(12))
    table = document.add_table(rows=len(layout.rows), cols=layout.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    apply_geometry(table, layout)
    _fill(table, layout)


def _title(document: DocumentObject, page: "AnnualReportPage") -> None:
    """Organisation on the first line, year and report on the second: a title that
    runs on would wrap between any two characters (政府信|息)."""
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, page.organisation.name, TITLE_FONT, SIZE_2)
    title.runs[-1].add_break()
    _run(
        title,
        page.report_title.removeprefix(page.organisation.name),
        TITLE_FONT,
        SIZE_2,
    )


def build_docx(page: "AnnualReportPage") -> bytes:
    """The DOCX of `page` with the tables as published (its snapshot)."""
    document = Document()
    _page_setup(document)
    _title(document, page)
    for text in preamble_paragraphs(page):
        _paragraph(document, text)
    landscape = False
    for section in page.outline():
        table = section["table"]
        wanted = table is not None and table.number in LANDSCAPE_TABLES
        if wanted != landscape:
            _new_section(document, landscape=wanted)
            landscape = wanted
        heading = _paragraph(document, section["title"], HEADING_FONT)
        heading.paragraph_format.keep_with_next = table is not None
        if table is not None:
            _table(document, table)
        for text in section["paragraphs"]:
            _paragraph(document, text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
