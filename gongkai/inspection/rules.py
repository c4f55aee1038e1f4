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


def is_failed(findings: list[Finding]) -> bool:
    return any(finding.severity is Severity.VETO for finding in findings)
