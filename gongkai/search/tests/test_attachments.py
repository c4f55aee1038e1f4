import io
import json

from django.core.files.base import ContentFile
from django.test import SimpleTestCase, TestCase
from wagtail.documents.models import Document

from gongkai.catalog.tests.factories import create_article, publish
from gongkai.search import analysis
from gongkai.search.attachments import extract_text
from gongkai.search.results import SearchQuery
from gongkai.search.selectors import search_items


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(*cells: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(list(cells))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII) in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


class ExtractTextTests(SimpleTestCase):
    def test_reads_pdf_docx_xlsx_and_text(self):
        cases = [
            (pdf_bytes("Budget 2023 report"), "pdf", "Budget 2023 report"),
            (
                docx_bytes("城乡居民医疗保险缴费标准"),
                "docx",
                "城乡居民医疗保险缴费标准",
            ),
            (xlsx_bytes("项目", "防汛物资采购"), "xlsx", "防汛物资采购"),
            ("公告全文".encode("gb18030"), "txt", "公告全文"),
        ]
        for data, extension, expected in cases:
            with self.subTest(extension=extension):
                self.assertIn(expected, extract_text(io.BytesIO(data), extension))

    def test_broken_or_unknown_files_give_empty_text(self):
        self.assertEqual(extract_text(io.BytesIO(b"not a zip"), "docx"), "")
        self.assertEqual(extract_text(io.BytesIO(b"x"), "ofd"), "")


class AttachmentIndexingTests(TestCase):
    def setUp(self):
        analysis.reset()

    def test_attachment_text_is_indexed_with_the_item(self):
        """A word only in the attached DOCX finds the item."""
        document = Document.objects.create(
            title="附件1",
            file=ContentFile(docx_bytes("山塘水库巡查责任人名单"), name="list.docx"),
        )
        body = json.dumps(
            [
                {"type": "paragraph", "value": "<p>请各乡镇做好防汛工作。</p>"},
                {"type": "attachment", "value": {"document": document.pk, "title": ""}},
            ]
        )
        with self.captureOnCommitCallbacks(execute=True):
            item = publish(create_article(title="关于防汛准备的通知", body=body))
        results = search_items(query=SearchQuery(text="山塘水库"))
        self.assertEqual([h.page_id for h in results.hits], [item.pk])
