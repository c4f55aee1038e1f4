"""The indicators as data: each rule's severity (单项否决/扣分/提示), threshold, weight and how
it is measured. Defaults here (rules.md §4); a site overrides any of them with an
`InspectionRule` row (models.py), merged by `selectors.ruleset_for`. Pure: no ORM, no clock.

The weights of part 2 (扣分指标) are not published in a source we could confirm (rules.md §4
marks them UNCONFIRMED), so the defaults below are an estimate each site may correct; the
scoring model itself is the published one: 100 points, each item's deductions capped at
its weight, any 单项否决 hit fails the site whatever the score.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from .rules import Criteria, Finding, Severity

FULL_SCORE = Decimal(100)
PASS_SCORE = Decimal(60)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str  # Chinese, the indicator's name
    severity: Severity
    threshold: int | None = None  # in `unit`; None where the rule has no number
    unit: str = ""
    points: Decimal = Decimal(0)  # deducted per finding (扣分 rules)
    weight: Decimal = Decimal(0)  # the item's cap: deductions never exceed it
    measure: str = ""  # how gongkai measures it, shown to the 公开办
    enabled: bool = True


def _rule(
    code, label, severity, threshold=None, unit="", points=0, weight=0, measure=""
):
    return Rule(
        code,
        label,
        severity,
        threshold,
        unit,
        Decimal(points),
        Decimal(weight),
        measure,
    )


V, D, N = Severity.VETO, Severity.DEDUCT, Severity.NOTICE
DEFAULT_RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        _rule("stale_home", "首页不更新", V, 14, "天", measure="全站最新信息的发布时间距检查时超过阈值。"),
        _rule("stale_news_column", "动态类栏目不更新", D, 14, "天", 1, 5, "动态、要闻类栏目最新信息超过阈值天数未更新。"),
        _rule("stale_notice_column", "通知公告/政策文件栏目不更新", D, 6, "个月", 1, 5, "通知公告、政策文件类栏目最新信息超过阈值月数未更新。"),
        _rule("stale_columns_veto", "栏目不更新（单项否决）", V, 5, "个", measure="超过更新时限的栏目数达到阈值。"),
        _rule("empty_column", "空白栏目", D, None, "", 1, 5, "末级栏目下没有任何已发布信息。"),
        _rule("empty_columns_veto", "空白栏目（单项否决）", V, 5, "个", measure="空白栏目数达到阈值。"),
        _rule("misspelling", "严重错别字（严重表述错误）", V, measure="发布页面中出现受保护词语（国家机构、党的名称、领导人姓名）的已知错误写法。"),
        _rule("suspected_misspelling", "疑似错别字（统计提示）", N, measure="按本站文本的语言模型，某处换成同音、近音或形近的常用词后可能性大增：提示人工核对，不扣分，不阻止终审。"),
        _rule("missing_word", "疑似漏字", D, None, "", 1, 3, "“关于的决议/决定/通知……”等漏字句式。"),
        _rule("dead_link", "链接可用性", D, None, "", 0.5, 5, "站内链接指向发布目录中不存在的文件或锚点；外部链接返回 ≥400 或无法访问。"),
        _rule("missing_interpretation", "政策解读", D, None, "", 1, 5, "须同步解读的栏目中的政策文件没有解读，也没有说明理由。"),
        _rule("missing_metadata", "公开目录元数据", N, measure="缺少索引号、发布时间、体裁分类、主题分类（政策文件还有文号、成文日期）。"),
        _rule("no_publish_time", "未显示发布时间", D, None, "", 0.5, 5, "信息页面正文中看不到发布时间（按检查指标视为未更新）。"),
        _rule("site_unreachable", "站点无法访问", V, 5, "%", measure="监测 1 周、每天访问首页不少于 20 次，超过 15 秒仍无法打开（含无应答、HTTP ≥400）的次数占比达到阈值。"),
        _rule("site_probe", "站点可用性监测", N, 10, "分钟", measure="每隔阈值分钟访问一次首页并保存结果（状态、用时、错误，保留 30 天）；每天不少于 20 次，即不超过 72 分钟。停用则不访问、不判定站点无法访问。"),
        _rule("unreachable_page", "页面无法访问", D, None, "", 1, 5, "在线抓取时页面返回错误或无法连接。"),
        _rule("slow_page", "页面打开过慢", D, 15, "秒", 0.5, 5, "在线抓取时页面超过阈值秒数仍未打开。"),
        _rule("mixed_content", "混合内容", D, None, "", 0.5, 3, "https 页面中以 http:// 加载的图片、脚本、样式等资源。"),
        _rule("publish_refused", "发布未执行（未确认的严重错别字）", N, measure="定时发布或程序直接发布因稿件有未确认的严重错别字未上线，此后页面也未再发布。"),
        _rule("unanswered_consultation", "互动回应差", V, 3, "个月", measure="一年内的政务咨询留言超过阈值月数仍未答复。"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Ruleset:
    rules: dict[str, Rule]

    @classmethod
    def default(cls) -> "Ruleset":
        return cls(dict(DEFAULT_RULES))

    def with_overrides(self, overrides: Iterable[Rule]) -> "Ruleset":
        rules = dict(self.rules)
        rules.update({rule.code: rule for rule in overrides if rule.code in rules})
        return Ruleset(rules)

    def threshold(self, code: str) -> int:
        value = self.rules[code].threshold
        default = DEFAULT_RULES[code].threshold
        return default if value is None else value  # type: ignore[return-value]

    def criteria(self) -> Criteria:
        return Criteria(
            news_max_age=timedelta(days=self.threshold("stale_news_column")),
            notice_policy_max_months=self.threshold("stale_notice_column"),
            home_max_age=timedelta(days=self.threshold("stale_home")),
            stale_columns_veto=self.threshold("stale_columns_veto"),
            empty_columns_veto=self.threshold("empty_columns_veto"),
            unreachable_percent=self.threshold("site_unreachable"),
        )

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Drop findings of disabled rules; give each the severity its site configured."""
        out = []
        for finding in findings:
            rule = self.rules.get(finding.rule_code)
            if rule is None:  # not an indicator (e.g. "not_published"): kept as is
                out.append(finding)
            elif rule.enabled:
                # A copy only when the site changed the severity (100,000 findings a run).
                same = finding.severity is rule.severity
                out.append(
                    finding if same else replace(finding, severity=rule.severity)
                )
        return out

    def deductions(self, findings: Iterable[Finding]) -> dict[str, Decimal]:
        """Points lost per rule: points per finding, capped at the rule's weight."""
        counts: dict[str, int] = {}
        for finding in findings:
            if finding.severity is Severity.DEDUCT:
                counts[finding.rule_code] = counts.get(finding.rule_code, 0) + 1
        return self.deductions_of_counts(counts)

    def deductions_of_counts(self, counts: Mapping[str, int]) -> dict[str, Decimal]:
        """`deductions` from the number of 扣分 findings per rule (a stored run counts
        them in the database: its copied findings never pass through Python)."""
        lost = {}
        for code, count in counts.items():
            rule = self.rules.get(code)
            if rule is not None:
                lost[code] = min(rule.points * count, rule.weight)
        return {code: points for code, points in lost.items() if points}

    def score(self, findings: Iterable[Finding]) -> Decimal:
        """The estimate of part 2 (扣分指标, out of 100)."""
        return self._score(self.deductions(findings))

    def score_of_counts(self, counts: Mapping[str, int]) -> Decimal:
        return self._score(self.deductions_of_counts(counts))

    @staticmethod
    def _score(lost: Mapping[str, Decimal]) -> Decimal:
        return max(Decimal(0), FULL_SCORE - sum(lost.values(), Decimal(0)))
