"""The pure table arithmetic: labels, placements, totals rule, table 4 outcomes."""

from datetime import date
from decimal import Decimal

from django.test import SimpleTestCase

from gongkai.reports import tables
from gongkai.reports.tables import (
    CARRIED_IN,
    CARRIED_OVER,
    NEW,
    RESULTS_TOTAL,
    TOTAL,
    AppealFacts,
    ApplicationFacts,
    DocumentFacts,
    Figures,
    build_table2,
    build_table3,
    build_table4,
    check_totals,
    find_causes,
    placements,
)

YEAR = 2022


def facts(received_on, concluded_on=None, result="", column="natural_person", code="A"):
    return ApplicationFacts(code, column, received_on, concluded_on, result)


class LabelTests(SimpleTestCase):
    def test_table3_has_the_official_25_rows_and_7_columns(self):
        self.assertEqual(len(tables.TABLE3_ROWS), 25)
        self.assertEqual(
            [label for _key, label in tables.TABLE3_COLUMNS],
            [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "总计",
            ],
        )
        labels = [row.label for row in tables.TABLE3_ROWS]
        self.assertEqual(labels[0], "本年新收政府信息公开申请数量")
        self.assertEqual(labels[1], "上年结转政府信息公开申请数量")
        self.assertEqual(
            labels[3], "部分公开（区分处理的，只计这一情形，不计其他情形）"
        )
        self.assertEqual(labels[-2:], ["总计", "结转下年度继续办理"])
        self.assertEqual(tables.TABLE3_ROWS[9].number, "6.")
        self.assertEqual(tables.TABLE3_ROWS[9].group, "（三）不予公开")

    def test_table4_has_15_cells(self):
        self.assertEqual(
            [label for _key, label in tables.TABLE4_GROUPS],
            ["行政复议", "行政诉讼：未经复议直接起诉", "行政诉讼：复议后起诉"],
        )
        self.assertEqual(
            [label for _key, label in tables.TABLE4_COLUMNS],
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        )

    def test_table2_rows_in_official_order(self):
        table = build_table2([], Figures(), YEAR)
        self.assertEqual(
            [label for label, _cells in table.rows()],
            [
                "规章",
                "行政规范性文件",
                "行政许可",
                "行政处罚",
                "行政强制",
                "行政事业性收费",
            ],
        )


class PlacementTests(SimpleTestCase):
    def test_each_application_lands_once_on_each_side(self):
        cases = [
            (
                facts(date(2022, 3, 1), date(2022, 3, 20), "disclosed"),
                [NEW],
                ["disclosed"],
            ),
            (facts(date(2022, 12, 28)), [NEW], [CARRIED_OVER]),
            (
                facts(date(2022, 12, 28), date(2023, 1, 5), "other"),
                [NEW],
                [CARRIED_OVER],
            ),
            (
                facts(date(2021, 12, 28), date(2022, 1, 5), "other"),
                [CARRIED_IN],
                ["other"],
            ),
            (facts(date(2021, 12, 28)), [CARRIED_IN], [CARRIED_OVER]),
            (facts(date(2021, 3, 1), date(2021, 3, 5), "other"), [], []),
            (facts(date(2023, 1, 5)), [], []),
            (facts(None), [], []),
        ]
        for application, left, right in cases:
            with self.subTest(application=application):
                self.assertEqual(placements(application, YEAR), (left, right))


class Table3Tests(SimpleTestCase):
    def test_totals_column_and_results_total(self):
        table = build_table3(
            [
                facts(date(2022, 1, 4), date(2022, 1, 20), "partially_disclosed"),
                facts(
                    date(2022, 2, 4),
                    date(2022, 2, 20),
                    "withheld_third_party",
                    "commercial",
                ),
                facts(date(2022, 12, 30), None, "", "research"),
            ],
            YEAR,
        )
        self.assertEqual(table.cell(RESULTS_TOTAL, "natural_person"), 1)
        self.assertEqual(table.cell(RESULTS_TOTAL, TOTAL), 2)
        self.assertEqual(table.cell(NEW, TOTAL), 3)
        self.assertEqual(table.cell(CARRIED_OVER, "research"), 1)
        self.assertEqual(check_totals(table), [])

    def test_mismatch_names_the_column_and_numbers(self):
        concluded_before_received = facts(date(2022, 3, 1), date(2021, 12, 1), "other")
        table = build_table3([concluded_before_received], YEAR)
        self.assertEqual(
            [str(m) for m in check_totals(table)],
            ["自然人：1 + 0 ≠ 0 + 0", "总计：1 + 0 ≠ 0 + 0"],
        )

    def test_causes_name_the_applications(self):
        cases = [
            (facts(date(2022, 3, 1), date(2021, 12, 1), "other"), "早于收到申请日期"),
            (facts(date(2022, 3, 1), date(2022, 3, 9), ""), "没有办理结果"),
            (facts(date(2022, 3, 1), None, "disclosed"), "没有办结日期"),
            (
                facts(date(2023, 1, 3), date(2022, 12, 30), "disclosed"),
                "早于收到申请日期",
            ),
        ]
        for application, reason in cases:
            with self.subTest(reason=reason):
                [cause] = find_causes([application], YEAR)
                self.assertEqual(cause.tracking_code, "A")
                self.assertIn(reason, cause.reason)

    def test_consistent_applications_have_no_causes(self):
        self.assertEqual(
            find_causes([facts(date(2022, 3, 1), date(2022, 3, 9), "other")], YEAR), []
        )


class Table2Tests(SimpleTestCase):
    def test_made_abolished_and_in_force(self):
        documents = [
            DocumentFacts(tables.NORMATIVE_DOCUMENT, date(2022, 5, 1)),
            DocumentFacts(
                tables.NORMATIVE_DOCUMENT, date(2018, 5, 1), date(2022, 6, 1)
            ),
            DocumentFacts(
                tables.NORMATIVE_DOCUMENT, date(2018, 5, 1), date(2023, 6, 1)
            ),
            DocumentFacts(tables.NORMATIVE_DOCUMENT, date(2023, 5, 1)),
            DocumentFacts(tables.RULE, date(2020, 5, 1)),
        ]
        table = build_table2(documents, Figures(fees=Decimal("1.5")), YEAR)
        self.assertEqual(
            table.documents[tables.NORMATIVE_DOCUMENT], tables.DocumentCounts(1, 1, 2)
        )
        self.assertEqual(table.documents[tables.RULE], tables.DocumentCounts(0, 0, 1))
        self.assertEqual(table.rows()[-1], ("行政事业性收费", (Decimal("1.5"),)))


class Table4Tests(SimpleTestCase):
    def test_outcome_is_the_one_known_at_year_end(self):
        table = build_table4(
            [
                AppealFacts(
                    "reconsideration", date(2022, 3, 1), "upheld", date(2022, 6, 1)
                ),
                AppealFacts(
                    "lawsuit_direct", date(2022, 9, 1), "corrected", date(2023, 2, 1)
                ),
                AppealFacts(
                    "lawsuit_direct", date(2021, 9, 1), "other", date(2022, 2, 1)
                ),
            ],
            YEAR,
        )
        self.assertEqual(
            table.rows(),
            [
                ("行政复议", (1, 0, 0, 0, 1)),
                ("行政诉讼：未经复议直接起诉", (0, 0, 0, 1, 1)),
                ("行政诉讼：复议后起诉", (0, 0, 0, 0, 0)),
            ],
        )
