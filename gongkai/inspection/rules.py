"""Indicators of 国办秘函〔2019〕19号 (../shared/reference/rules.md §4) as data, and the
rules that turn column facts into findings. Pure rule: no ORM, no clock."""

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Severity(StrEnum):
    VETO = "veto"  # 单项否决: any hit fails the site
    DEDUCT = "deduct"  # 扣分指标
    NOTICE = "notice"  # worth fixing, not scored


SEVERITY_LABELS = {
    Severity.VETO: "单项否决",
    Severity.DEDUCT: "扣分",
    Severity.NOTICE: "提示",
}


class ColumnKind(StrEnum):
    NEWS = "news"  # 动态、要闻: updated within 2 weeks
    NOTICE_POLICY = "notice_policy"  # 通知公告、政策文件: within 6 months
    STATIC = "static"  # 概况、机构职能 …: no freshness rule


COLUMN_KIND_LABELS = {
    ColumnKind.NEWS: "动态/要闻（2 周内更新）",
    ColumnKind.NOTICE_POLICY: "通知公告/政策文件（6 个月内更新）",
    ColumnKind.STATIC: "静态栏目（不要求更新）",
}


@dataclass(frozen=True)
class Criteria:
    """The thresholds of part 1 (单项否决) of the 2019 indicators; numbers from rules.md §4."""

    news_max_age: timedelta = timedelta(weeks=2)
    notice_policy_max_months: int = 6
    home_max_age: timedelta = timedelta(weeks=2)
    stale_columns_veto: int = 5  # ≥ 5 columns not updated
    empty_columns_veto: int = 5  # ≥ 5 empty columns
    # 站点无法访问: monitored for 1 week, ≥ 20 visits a day; the home page not open within
    # 15 s (a slower answer counts as not opened) in ≥ 5 % of the visits.
    reachability_window: timedelta = timedelta(days=7)
    unreachable_percent: int = 5
    probes_per_day: int = 20
    unreachable_seconds: int = 15


CRITERIA = Criteria()

# Columns are not tagged by kind in the database (ColumnPage, in gongkai.columns, has no kind field);
# the kind is read from the title, using the column names the indicators themselves use.
NEWS_WORDS = ("动态", "要闻", "新闻", "工作信息")
NOTICE_POLICY_WORDS = (
    "通知公告",
    "公告公示",
    "通知",
    "公告",
    "政策文件",
    "政策法规",
    "文件",
)


def column_kind(title: str) -> ColumnKind:
    if any(word in title for word in NEWS_WORDS):
        return ColumnKind.NEWS
    if any(word in title for word in NOTICE_POLICY_WORDS):
        return ColumnKind.NOTICE_POLICY
    return ColumnKind.STATIC


def months_before(moment: datetime, months: int) -> datetime:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def freshness_limit(
    kind: ColumnKind, now: datetime, criteria: Criteria = CRITERIA
) -> datetime | None:
    """The oldest acceptable newest-item time of a column of `kind`, or None (no rule)."""
    if kind is ColumnKind.NEWS:
        return now - criteria.news_max_age
    if kind is ColumnKind.NOTICE_POLICY:
        return months_before(now, criteria.notice_policy_max_months)
    return None


@dataclass(frozen=True)
class Finding:
    check: str  # the check's code, e.g. "stale_column"
    severity: Severity
    message: str  # Chinese, shown to the 公开办
    page_id: int | None = None  # the page to fix, when there is one
    location: str = ""  # a public URL path or file path
    rule: str = (
        ""  # the indicator (ruleset.DEFAULT_RULES) when it is not `check` itself
    )

    @property
    def rule_code(self) -> str:
        return self.rule or self.check

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "rule": self.rule_code,
            "severity": str(self.severity),
            "message": self.message,
            "page_id": self.page_id,
            "location": self.location,
        }


@dataclass(frozen=True)
class ColumnFacts:
    page_id: int
    title: str
    url: str
    item_count: int  # live items anywhere below the column (what its list shows)
    child_column_count: int  # live sub-columns
    newest: datetime | None  # publish time of its newest live item
    kind: ColumnKind | None = (
        None  # tagged by the site (ColumnKindTag); else from the title
    )


@dataclass
class ColumnVerdict:
    findings: list[Finding] = field(default_factory=list)
    stale: int = 0
    empty: int = 0


def judge_columns(
    columns: list[ColumnFacts], now: datetime, criteria: Criteria = CRITERIA
) -> ColumnVerdict:
    """Stale and empty columns; the veto when their counts reach the thresholds."""
    verdict = ColumnVerdict()
    for column in columns:
        if column.child_column_count:
            continue  # a section: judged through its leaf columns, not counted twice
        if column.item_count == 0:
            verdict.empty += 1
            verdict.findings.append(
                Finding(
                    "empty_column",
                    Severity.DEDUCT,
                    f"空白栏目：“{column.title}”没有任何信息。",
                    column.page_id,
                    column.url,
                )
            )
            continue
        kind = column.kind or column_kind(column.title)
        limit = freshness_limit(kind, now, criteria)
        if limit is None:
            continue
        if column.newest is None or column.newest < limit:
            verdict.stale += 1
            since = column.newest.date().isoformat() if column.newest else "从未"
            verdict.findings.append(
                Finding(
                    "stale_column",
                    Severity.DEDUCT,
                    f"栏目不更新：“{column.title}”最新信息发布于 {since}，超过更新时限。",
                    column.page_id,
                    column.url,
                    rule="stale_news_column"
                    if kind is ColumnKind.NEWS
                    else "stale_notice_column",
                )
            )
    if verdict.stale >= criteria.stale_columns_veto:
        verdict.findings.append(
            Finding(
                "stale_columns_veto",
                Severity.VETO,
                f"栏目不更新：{verdict.stale} 个栏目超过更新时限（≥{criteria.stale_columns_veto} 个即单项否决）。",
            )
        )
    if verdict.empty >= criteria.empty_columns_veto:
        verdict.findings.append(
            Finding(
                "empty_columns_veto",
                Severity.VETO,
                f"空白栏目：{verdict.empty} 个（≥{criteria.empty_columns_veto} 个即单项否决）。",
            )
        )
    return verdict


def judge_home(
    newest: datetime | None,
    now: datetime,
    page_id: int | None,
    criteria: Criteria = CRITERIA,
) -> list[Finding]:
    """首页不更新: no new item anywhere on the site within two weeks."""
    if newest is not None and newest >= now - criteria.home_max_age:
        return []
    since = newest.date().isoformat() if newest else "从未"
    return [
        Finding(
            "stale_home",
            Severity.VETO,
            f"首页不更新：全站最新信息发布于 {since}，超过 {criteria.home_max_age.days} 天（单项否决）。",
            page_id,
            "/",
        )
    ]


@dataclass(frozen=True)
class ReachabilityWeek:
    """The stored home-page probes of the monitoring window (models.ReachabilityProbe)."""

    probes: int  # finished probes in the window
    failures: int  # not opened: no answer, HTTP >= 400, or not within the time limit
    worst_ms: int | None = None  # the slowest probe that got an answer, or timed out
    last_at: datetime | None = None

    @property
    def percent(self) -> float:
        return 100 * self.failures / self.probes if self.probes else 0.0


def judge_reachability(
    week: ReachabilityWeek, criteria: Criteria = CRITERIA
) -> list[Finding]:
    """站点无法访问 over the monitoring window, as the indicators measure it: the veto when
    failures are ≥ `unreachable_percent` % of the visits, judged only once the window holds
    the visits the rule asks for (20 a day for 7 days); a shorter record is a notice with
    the figures (one failed visit of a few is not a week's measure)."""
    days = criteria.reachability_window.days
    needed = criteria.probes_per_day * days
    figures = (
        f"近 {days} 天首页访问 {week.probes} 次，{week.failures} 次无法打开"
        f"或超过 {criteria.unreachable_seconds} 秒未打开（{week.percent:.1f}%）"
    )
    # Integers, not the rounded percentage: 7 of 140 is exactly 5 %, and fails.
    over = week.failures * 100 >= criteria.unreachable_percent * week.probes
    if week.probes >= needed and week.failures and over:
        return [
            Finding(
                "site_unreachable",
                Severity.VETO,
                f"站点无法访问：{figures}，"
                f"≥{criteria.unreachable_percent}% 即单项否决。",
                location="/",
            )
        ]
    if week.probes >= needed:
        return []
    if week.probes == 0:
        message = (
            f"站点可用性未监测：近 {days} 天没有首页访问记录"
            "（后台服务运行时定时访问首页）。"
        )
    else:
        message = (
            f"站点可用性监测不足：{figures}；检查指标按每天不少于 "
            f"{criteria.probes_per_day} 次、共 {needed} 次判定。"
        )
    return [Finding("site_probe", Severity.NOTICE, message, location="/")]


def is_failed(findings: list[Finding]) -> bool:
    return any(finding.severity is Severity.VETO for finding in findings)
