"""The 单项否决 thresholds of 国办秘函〔2019〕19号 at and around each limit."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from ..rules import (
    ColumnFacts,
    ColumnKind,
    Severity,
    column_kind,
    is_failed,
    judge_columns,
    judge_home,
    months_before,
)

NOW = datetime(2026, 8, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def column(number, title="部门动态", *, age=None, items=1, children=0):
    return ColumnFacts(
        page_id=number,
        title=title,
        url=f"/c{number}/",
        item_count=items,
        child_column_count=children,
        newest=None if age is None else NOW - age,
    )


def checks(verdict):
    return [finding.check for finding in verdict.findings]


class ColumnKindTests(SimpleTestCase):
    def test_kinds_from_the_indicator_names(self):
        self.assertIs(column_kind("金东要闻"), ColumnKind.NEWS)
        self.assertIs(column_kind("部门动态"), ColumnKind.NEWS)
        self.assertIs(column_kind("通知公告"), ColumnKind.NOTICE_POLICY)
        self.assertIs(column_kind("规范性文件"), ColumnKind.NOTICE_POLICY)
        self.assertIs(column_kind("机构职能"), ColumnKind.STATIC)


class MonthsBeforeTests(SimpleTestCase):
    def test_clamps_to_the_month_end_and_crosses_years(self):
        self.assertEqual(months_before(NOW, 6), NOW.replace(month=2, day=28))
        self.assertEqual(
            months_before(NOW.replace(month=3, day=15), 6),
            NOW.replace(year=2025, month=9, day=15),
        )


class FreshnessTests(SimpleTestCase):
    def test_news_column_13_days_is_fresh_15_days_is_stale(self):
        self.assertEqual(
            checks(judge_columns([column(1, age=timedelta(days=13))], NOW)), []
        )
        self.assertEqual(
            checks(judge_columns([column(1, age=timedelta(days=15))], NOW)),
            ["stale_column"],
        )

    def test_notice_column_at_six_months(self):
        fresh = ColumnFacts(
            1, "通知公告", "/t/", 3, 0, months_before(NOW, 6) + timedelta(days=1)
        )
        stale = ColumnFacts(
            1, "通知公告", "/t/", 3, 0, months_before(NOW, 6) - timedelta(days=1)
        )
        self.assertEqual(checks(judge_columns([fresh], NOW)), [])
        self.assertEqual(checks(judge_columns([stale], NOW)), ["stale_column"])

    def test_a_static_column_is_never_stale(self):
        self.assertEqual(
            checks(
                judge_columns([column(1, "机构职能", age=timedelta(days=3000))], NOW)
            ),
            [],
        )

    def test_four_stale_columns_deduct_five_fail_the_site(self):
        four = judge_columns([column(n, age=timedelta(days=20)) for n in range(4)], NOW)
        self.assertEqual(four.stale, 4)
        self.assertFalse(is_failed(four.findings))
        five = judge_columns([column(n, age=timedelta(days=20)) for n in range(5)], NOW)
        self.assertTrue(is_failed(five.findings))
        self.assertIn("stale_columns_veto", checks(five))


class EmptyColumnTests(SimpleTestCase):
    def test_four_empty_columns_deduct_five_fail_the_site(self):
        four = judge_columns([column(n, "机构职能", items=0) for n in range(4)], NOW)
        self.assertEqual(checks(four), ["empty_column"] * 4)
        self.assertFalse(is_failed(four.findings))
        five = judge_columns([column(n, "机构职能", items=0) for n in range(5)], NOW)
        self.assertTrue(is_failed(five.findings))
        self.assertEqual(checks(five)[-1], "empty_columns_veto")

    def test_a_section_with_sub_columns_is_judged_through_them(self):
        section = column(1, "政务公开", items=0, children=2)
        self.assertEqual(checks(judge_columns([section], NOW)), [])


class HomeTests(SimpleTestCase):
    def test_home_13_days_is_fine_15_days_is_a_veto(self):
        self.assertEqual(judge_home(NOW - timedelta(days=13), NOW, 1), [])
        findings = judge_home(NOW - timedelta(days=15), NOW, 1)
        self.assertEqual(
            [(f.check, f.severity) for f in findings], [("stale_home", Severity.VETO)]
        )

    def test_a_site_without_any_item_is_not_updated(self):
        self.assertTrue(is_failed(judge_home(None, NOW, 1)))
