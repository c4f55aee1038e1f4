"""Notices as DOCX in the usual layout of 党政机关公文 (GB/T 9704-2012): title in
方正小标宋简体 二号 centred, body in 仿宋_GB2312 三号 with two-character indents, the
signing organisation and date right-aligned. The fonts need not be installed: Word
falls back, and the names keep the document right on machines that have them."""

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .content import Notice, chinese_date

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
LINE_SPACING = Pt(28)


def render_docx(notice: Notice) -> bytes:
    document = Document()
    _set_page(document)
    _paragraph(
        document,
        notice.title,
        font=TITLE_FONT,
        size=TITLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    if notice.number:
        _paragraph(document, notice.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "")
    _paragraph(document, notice.addressee)
    for text in notice.paragraphs:
        _paragraph(document, text, indent=True)
    _paragraph(document, "")
    _paragraph(document, notice.organisation, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, chinese_date(notice.dated), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _paragraph(
    document: DocxDocument,
    text: str,
    *,
    font: str = BODY_FONT,
    size: Pt = BODY_SIZE,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = LINE_SPACING
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size.pt * 2)
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.name = font
    # East Asian text uses the eastAsia font slot, which font.name does not set.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
