"""The indicators as data: thresholds, severities, weights and the score (pure rules)."""

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from ..rules import (
    ColumnFacts,
    ColumnKind,
    Finding,
    Severity,
    judge_columns,
    judge_home,
)
from ..ruleset import DEFAULT_RULES, Ruleset

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def column(title, newest_days, kind=None, page_id=1):
    return ColumnFacts(
        page_id=page_id,
        title=title,
        url=f"/c{page_id}/",
        item_count=1,
        child_column_count=0,
        newest=NOW - timedelta(days=newest_days),
        kind=kind,
    )


def ruleset(**changes):
    """The defaults with each `code={field: value}` laid over them."""
    return Ruleset.default().with_overrides(
        replace(DEFAULT_RULES[code], **fields) for code, fields in changes.items()
    )


def dead_links(count):
    return [
        Finding("dead_link", Severity.DEDUCT, "x", location=f"/{n}")
        for n in range(count)
    ]


class ThresholdTests(SimpleTestCase):
    def test_the_defaults_are_the_indicator_numbers(self):
        criteria = Ruleset.default().criteria()
        self.assertEqual(criteria.news_max_age, timedelta(days=14))
        self.assertEqual(criteria.home_max_age, timedelta(days=14))
        self.assertEqual(criteria.notice_policy_max_months, 6)
        self.assertEqual(criteria.stale_columns_veto, 5)
        self.assertEqual(criteria.empty_columns_veto, 5)
        self.assertEqual(DEFAULT_RULES["slow_page"].threshold, 15)
        self.assertEqual(DEFAULT_RULES["unanswered_consultation"].threshold, 3)

    def test_a_site_with_a_stricter_news_limit_judges_at_its_own_threshold(self):
        strict = ruleset(stale_news_column={"threshold": 7}).criteria()
        news = [column("政务动态", 6), column("部门动态", 8, page_id=2)]
        self.assertEqual(
            [f.page_id for f in judge_columns(news, NOW, strict).findings], [2]
        )
        self.assertEqual(judge_columns(news, NOW).findings, [])  # 14 days by default

    def test_home_threshold_from_the_rules(self):
        ten = ruleset(stale_home={"threshold": 10}).criteria()
        self.assertEqual(judge_home(NOW - timedelta(days=9), NOW, 1, ten), [])
        self.assertTrue(judge_home(NOW - timedelta(days=11), NOW, 1, ten))
        self.assertEqual(judge_home(NOW - timedelta(days=11), NOW, 1), [])

    def test_veto_count_threshold_from_the_rules(self):
        three = ruleset(stale_columns_veto={"threshold": 3}).criteria()
        stale = [column(f"动态{n}", 20, page_id=n) for n in range(3)]
        checks = [f.check for f in judge_columns(stale, NOW, three).findings]
        self.assertIn("stale_columns_veto", checks)
        checks = [f.check for f in judge_columns(stale, NOW).findings]
        self.assertNotIn("stale_columns_veto", checks)

    def test_an_empty_threshold_falls_back_to_the_default(self):
        self.assertEqual(
            ruleset(stale_home={"threshold": None}).criteria().home_max_age,
            timedelta(days=14),
        )


class ColumnKindTests(SimpleTestCase):
    def test_a_tagged_kind_wins_over_the_title(self):
        # “工作动态” reads as news (2 weeks); tagged 通知公告/政策文件 it has 6 months.
        facts = column("工作动态", 30, kind=ColumnKind.NOTICE_POLICY)
        self.assertEqual(judge_columns([facts], NOW).findings, [])
        untagged = judge_columns([column("工作动态", 30)], NOW).findings
        self.assertEqual([f.rule_code for f in untagged], ["stale_news_column"])

    def test_a_column_tagged_static_has_no_freshness_rule(self):
        facts = column("政务动态", 400, kind=ColumnKind.STATIC)
        self.assertEqual(judge_columns([facts], NOW).findings, [])

    def test_the_stale_finding_names_the_rule_of_its_kind(self):
        found = judge_columns([column("通知公告", 200)], NOW).findings
        self.assertEqual([f.rule_code for f in found], ["stale_notice_column"])


class SeverityAndScoreTests(SimpleTestCase):
    def test_a_site_may_turn_a_deduction_into_a_veto_or_switch_a_rule_off(self):
        findings = dead_links(2)
        as_veto = ruleset(dead_link={"severity": Severity.VETO}).apply(findings)
        self.assertEqual({f.severity for f in as_veto}, {Severity.VETO})
        self.assertEqual(ruleset(dead_link={"enabled": False}).apply(findings), [])

    def test_findings_that_are_no_indicator_are_kept(self):
        notice = Finding("not_published", Severity.NOTICE, "x")
        self.assertEqual(Ruleset.default().apply([notice]), [notice])

    def test_deductions_are_capped_at_the_item_weight(self):
        rules = Ruleset.default()  # dead_link: 0.5 a link, at most 5
        self.assertEqual(rules.score(dead_links(1)), Decimal("99.5"))
        self.assertEqual(rules.score(dead_links(9)), Decimal("95.5"))
        self.assertEqual(rules.score(dead_links(10)), Decimal(95))
        self.assertEqual(rules.score(dead_links(400)), Decimal(95))

    def test_weights_are_the_site_s_own(self):
        rules = ruleset(dead_link={"points": Decimal(2), "weight": Decimal(10)})
        self.assertEqual(rules.score(dead_links(3)), Decimal(94))
        self.assertEqual(rules.score(dead_links(30)), Decimal(90))

    def test_veto_and_notice_findings_cost_no_points(self):
        findings = [
            Finding("misspelling", Severity.VETO, "x"),
            Finding("missing_metadata", Severity.NOTICE, "x"),
        ]
        self.assertEqual(Ruleset.default().score(findings), Decimal(100))

    def test_the_score_never_goes_below_zero(self):
        rules = ruleset(dead_link={"points": Decimal(50), "weight": Decimal(500)})
        self.assertEqual(rules.score(dead_links(5)), Decimal(0))
