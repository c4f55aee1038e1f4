import csv
import io
from urllib.parse import urljoin

from django.test import SimpleTestCase, TestCase, override_settings
from openpyxl import load_workbook

from gongkai.search.exports import safe_cell

from .page_corpus import FILLER_COUNT, build_corpus

HEADERS = ["索引号", "名称", "文号", "发布机构", "发布日期", "有效性", "网址"]


class CatalogExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()
        cls.base = f"/search/catalog/{cls.corpus.catalog.pk}/"

    def csv_rows(self, **params):
        response = self.client.get(self.base + "export.csv", params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertTrue(
            response.content.startswith(b"\xef\xbb\xbf"),
            "no BOM: Excel would garble the Chinese",
        )
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    def test_csv_holds_the_filtered_list(self):
        rows = self.csv_rows(validity="expired")
        self.assertEqual(rows[0], HEADERS)
        budget = self.corpus.budget
        url = urljoin(
            "http://testserver/", budget.url
        )  # absolute, for a file read offline
        self.assertEqual(
            rows[1:],
            [
                [
                    budget.index_number,
                    budget.title,
                    "",
                    "金东区财政局",
                    "2022-01-20",
                    "失效",
                    url,
                ]
            ],
        )

    def test_csv_holds_every_item_not_just_a_page(self):
        rows = self.csv_rows()
        self.assertEqual(len(rows) - 1, FILLER_COUNT + 2)

    @override_settings(GONGKAI_SEARCH_EXPORT_MAX_ROWS=5)
    def test_rows_are_capped_and_the_file_says_so(self):
        rows = self.csv_rows()
        self.assertEqual(len(rows), 1 + 5 + 1)
        self.assertEqual(
            rows[-1],
            [f"共 {FILLER_COUNT + 2} 条，只导出了前 5 条；请增加筛选条件后分批下载。"],
        )
        page = self.client.get(self.corpus.catalog.url)
        self.assertContains(page, "最多 5 条")

    def test_xlsx_holds_the_filtered_list_as_text(self):
        response = self.client.get(
            self.base + "export.xlsx", {"publisher": str(self.corpus.government.pk)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(rows[0], HEADERS)
        notice = self.corpus.notice
        self.assertEqual(
            rows[1][:6],
            [
                notice.index_number,
                notice.title,
                "金东政发〔2023〕12号",
                "金东区人民政府办公室",
                "2023-03-01",
                "有效",
            ],
        )
        self.assertEqual(len(rows), 2)

    def test_file_name_names_the_column(self):
        response = self.client.get(self.base + "export.xlsx")
        self.assertIn(
            "filename*=UTF-8''%E6%B3%95%E5%AE%9A", response["Content-Disposition"]
        )

    def test_unknown_format_or_column_is_404(self):
        self.assertEqual(self.client.get(self.base + "export.pdf").status_code, 404)
        self.assertEqual(
            self.client.get(
                f"/search/catalog/{self.corpus.meetings.pk}/export.csv"
            ).status_code,
            404,
        )


class SafeCellTests(SimpleTestCase):
    def test_formula_starts_are_neutralised(self):
        cases = [
            ("=1+1", "'=1+1"),
            ("+86", "'+86"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("金东政发〔2023〕12号", "金东政发〔2023〕12号"),
            ("", ""),
        ]
        for value, expected in cases:
            with self.subTest(value):
                self.assertEqual(safe_cell(value), expected)
