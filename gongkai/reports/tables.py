"""The annual report's tables 2-4 and their arithmetic (国办公开办函〔2021〕30号;
shared/reference/rules.md §2.2-2.4). No ORM and no clock: callers pass plain facts.

Counting rules, per year (1 January to 31 December):
- Table 2: a 规章 or 行政规范性文件 is 制发 in the year of its 成文日期, 废止 in the year of
  its abolition date, and 现行有效 at year end when written by then and not abolished by
  then.
- Table 3: 新收 = received in the year; 上年结转 = received before the year and not
  concluded before it; results = concluded in the year, each application in exactly
  one row (部分公开 only as 部分公开); 结转下年度 = received by year end and not
  concluded by then. Per column 新收 + 上年结转 = 总计 + 结转下年度 (the table's own note).
- Table 4: cases filed in the year, with the outcome known at year end (else 尚未审结).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gongkai.applications.enums import (
    AppealKind,
    AppealOutcome,
    OrganisationType,
    ResultGroup,
    ResultType,
)

# ---- Table 2 (§2.2) -------------------------------------------------------------

RULE = "rule"
NORMATIVE_DOCUMENT = "normative_document"
DOCUMENT_KINDS: tuple[tuple[str, str], ...] = (
    (RULE, "规章"),
    (NORMATIVE_DOCUMENT, "行政规范性文件"),
)
TABLE2_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数")),
    ("第二十条第（五）项", ("本年处理决定数量",)),
    ("第二十条第（六）项", ("本年处理决定数量",)),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",)),
)
TABLE2_FIGURE_ROWS: tuple[tuple[str, str], ...] = (
    ("licensing", "行政许可"),
    ("penalties", "行政处罚"),
    ("enforcement", "行政强制"),
)
FEES_LABEL = "行政事业性收费"


@dataclass(frozen=True)
class DocumentFacts:
    """A 规章 or 行政规范性文件 as the catalog records it."""

    kind: str
    written_on: date | None
    abolished_on: date | None = None


@dataclass(frozen=True)
class DocumentCounts:
    made: int = 0
    abolished: int = 0
    in_force: int = 0


@dataclass(frozen=True)
class Figures:
    """The counts and amount the office enters per year (第二十条第五、六、八项)."""

    licensing: int = 0
    penalties: int = 0
    enforcement: int = 0
    fees: Decimal = Decimal("0")
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table2:
    documents: dict[str, DocumentCounts]
    figures: Figures

    def rows(self) -> list[tuple[str, tuple[int | Decimal, ...]]]:
        """Label and cells of each row, in the official order."""
        rows: list[tuple[str, tuple[int | Decimal, ...]]] = [
            (label, (c.made, c.abolished, c.in_force))
            for kind, label in DOCUMENT_KINDS
            for c in [self.documents[kind]]
        ]
        rows += [
            (label, (getattr(self.figures, key),)) for key, label in TABLE2_FIGURE_ROWS
        ]
        rows.append((FEES_LABEL, (self.figures.fees,)))
        return rows


def _in_year(day: date | None, year: int) -> bool:
    return day is not None and day.year == year


def count_documents(
    documents: list[DocumentFacts], kind: str, year: int
) -> DocumentCounts:
    end = date(year, 12, 31)
    selected = [d for d in documents if d.kind == kind]
    return DocumentCounts(
        made=sum(_in_year(d.written_on, year) for d in selected),
        abolished=sum(_in_year(d.abolished_on, year) for d in selected),
        in_force=sum(
            d.written_on is not None
            and d.written_on <= end
            and (d.abolished_on is None or d.abolished_on > end)
            for d in selected
        ),
    )


def build_table2(documents: list[DocumentFacts], figures: Figures, year: int) -> Table2:
    return Table2(
        documents={
            kind: count_documents(documents, kind, year) for kind, _ in DOCUMENT_KINDS
        },
        figures=figures,
    )


def sum_figures(figures: list[Figures]) -> Figures:
    """Roll the figures of several organisations up into one."""
    return Figures(
        licensing=sum(f.licensing for f in figures),
        penalties=sum(f.penalties for f in figures),
        enforcement=sum(f.enforcement for f in figures),
        fees=sum((f.fees for f in figures), Decimal("0")),
        sources=tuple(s for f in figures for s in f.sources if s),
    )


# ---- Table 3 (§2.3) -------------------------------------------------------------

NATURAL_PERSON = "natural_person"
TOTAL = "total"
TABLE3_COLUMNS: tuple[tuple[str, str], ...] = (
    (NATURAL_PERSON, "自然人"),
    *((t.value, str(t.label)) for t in OrganisationType),
    (TOTAL, "总计"),
)
TABLE3_CORNER_NOTE = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
)
NEW, CARRIED_IN, RESULTS_TOTAL, CARRIED_OVER = (
    "new",
    "carried_in",
    "results_total",
    "carried_over",
)
GROUP_NUMBERS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）")


@dataclass(frozen=True)
class Row:
    key: str
    number: str
    label: str
    group: str = ""  # the heading of a sub-row: （三）不予公开 etc.


def _result_rows() -> list[Row]:
    rows = []
    for number, group in zip(GROUP_NUMBERS, ResultGroup, strict=True):
        heading = f"{number}{group.label}"
        for result in ResultType:
            if result.group == group:
                prefix = f"{result.row_number}." if result.row_number else number
                rows.append(Row(result.value, prefix, result.row_label, heading))
    return rows


TABLE3_ROWS: tuple[Row, ...] = (
    Row(NEW, "一、", "本年新收政府信息公开申请数量"),
    Row(CARRIED_IN, "二、", "上年结转政府信息公开申请数量"),
    *_result_rows(),
    Row(RESULTS_TOTAL, "（七）", "总计", "三、本年度办理结果"),
    Row(CARRIED_OVER, "四、", "结转下年度继续办理"),
)


@dataclass(frozen=True)
class ApplicationFacts:
    """What table 3 needs of one application."""

    tracking_code: str
    column: str  # natural_person or an OrganisationType value
    received_on: date | None
    concluded_on: date | None
    result: str = ""  # a ResultType value, "" while open


@dataclass(frozen=True)
class Mismatch:
    """A column where 新收 + 上年结转 differs from 总计 + 结转下年度."""

    column: str
    new: int
    carried_in: int
    results: int
    carried_over: int

    def __str__(self) -> str:
        return (
            f"{self.column}：{self.new} + {self.carried_in} ≠ "
            f"{self.results} + {self.carried_over}"
        )


@dataclass(frozen=True)
class Cause:
    """An application that breaks the totals rule or its own timeline."""

    tracking_code: str
    reason: str


@dataclass(frozen=True)
class Table3:
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> int:
        if column == TOTAL:
            return sum(self.cell(row, c) for c, _ in TABLE3_COLUMNS[:-1])
        if row == RESULTS_TOTAL:
            return sum(self.cells.get((r, column), 0) for r in ResultType.values)
        return self.cells.get((row, column), 0)

    def rows(self) -> list[tuple[Row, tuple[int, ...]]]:
        return [
            (row, tuple(self.cell(row.key, c) for c, _ in TABLE3_COLUMNS))
            for row in TABLE3_ROWS
        ]


def placements(facts: ApplicationFacts, year: int) -> tuple[list[str], list[str]]:
    """The rows an application counts in: (一 and 二 side, 三 and 四 side)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    received, concluded = facts.received_on, facts.concluded_on
    if received is None:  # not yet received (Art. 31): not an application yet
        return [], []
    left = [NEW] if start <= received <= end else []
    open_at_start = concluded is None or concluded >= start
    if received < start and open_at_start:
        left.append(CARRIED_IN)
    right = [facts.result] if _in_year(concluded, year) and facts.result else []
    if received <= end and (concluded is None or concluded > end):
        right.append(CARRIED_OVER)
    return left, right


def build_table3(applications: list[ApplicationFacts], year: int) -> Table3:
    cells: Counter[tuple[str, str]] = Counter()
    for facts in applications:
        left, right = placements(facts, year)
        cells.update((row, facts.column) for row in left + right)
    return Table3(cells=dict(cells))


def check_totals(table: Table3) -> list[Mismatch]:
    """The columns breaking 新收 + 上年结转 = 办理结果总计 + 结转下年度."""
    mismatches = []
    for column, label in TABLE3_COLUMNS:
        new, carried_in = table.cell(NEW, column), table.cell(CARRIED_IN, column)
        results, carried_over = (
            table.cell(RESULTS_TOTAL, column),
            table.cell(CARRIED_OVER, column),
        )
        if new + carried_in != results + carried_over:
            mismatches.append(Mismatch(label, new, carried_in, results, carried_over))
    return mismatches


def find_causes(applications: list[ApplicationFacts], year: int) -> list[Cause]:
    """Applications counted on one side of the totals rule only, or with an impossible
    timeline (concluded before received, concluded without a result)."""
    causes = []
    for facts in applications:
        left, right = placements(facts, year)
        reason = _timeline_error(facts)
        if reason and (left or right):
            causes.append(Cause(facts.tracking_code, reason))
        elif len(left) != len(right):
            causes.append(Cause(facts.tracking_code, "本年计入的收到数与办理数不一致"))
    return causes


def _timeline_error(facts: ApplicationFacts) -> str:
    received, concluded = facts.received_on, facts.concluded_on
    if concluded is not None and received is not None and concluded < received:
        return f"办结日期（{concluded}）早于收到申请日期（{received}）"
    if concluded is not None and not facts.result:
        return f"已办结（{concluded}）但没有办理结果"
    if concluded is None and facts.result:
        return "有办理结果但没有办结日期"
    return ""


# ---- Table 4 (§2.4) -------------------------------------------------------------

TABLE4_GROUPS: tuple[tuple[str, str], ...] = (
    (AppealKind.RECONSIDERATION.value, "行政复议"),
    (AppealKind.LAWSUIT_DIRECT.value, "行政诉讼：未经复议直接起诉"),
    (AppealKind.LAWSUIT_AFTER_RECONSIDERATION.value, "行政诉讼：复议后起诉"),
)
TABLE4_COLUMNS: tuple[tuple[str, str], ...] = (
    *((o.value, str(o.label)) for o in AppealOutcome),
    (TOTAL, "总计"),
)


@dataclass(frozen=True)
class AppealFacts:
    kind: str
    filed_on: date
    outcome: str
    decided_on: date | None = None


@dataclass(frozen=True)
class Table4:
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def cell(self, kind: str, outcome: str) -> int:
        if outcome == TOTAL:
            return sum(self.cell(kind, o) for o, _ in TABLE4_COLUMNS[:-1])
        return self.cells.get((kind, outcome), 0)

    def rows(self) -> list[tuple[str, tuple[int, ...]]]:
        return [
            (label, tuple(self.cell(kind, o) for o, _ in TABLE4_COLUMNS))
            for kind, label in TABLE4_GROUPS
        ]


def outcome_at_year_end(appeal: AppealFacts, year: int) -> str:
    decided = appeal.decided_on is not None and appeal.decided_on <= date(year, 12, 31)
    return appeal.outcome if decided else AppealOutcome.PENDING.value


def build_table4(appeals: list[AppealFacts], year: int) -> Table4:
    cells = Counter(
        (a.kind, outcome_at_year_end(a, year))
        for a in appeals
        if a.filed_on.year == year
    )
    return Table4(cells=dict(cells))


@dataclass(frozen=True)
class AnnualReportTables:
    organisation: str
    year: int
    table2: Table2
    table3: Table3
    table4: Table4
