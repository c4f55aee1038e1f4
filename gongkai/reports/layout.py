"""Tables 2-4 laid out as in the official format (国办公开办函〔2021〕30号;
shared/reference/rules.md §2.2-2.4): header cells, merged cells and values, one grid
that the HTML page, the DOCX and the XLSX all draw. Pure: reads a stored snapshot."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .snapshots import table2_blocks
from .tables import (
    FEES_LABEL,
    TABLE3_COLUMNS,
    TABLE3_CORNER_NOTE,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
)

APPLICANTS = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"
RESULTS_HEADING = "三、本年度办理结果"
LAWSUIT = "行政诉讼"


@dataclass(frozen=True)
class Cell:
    text: str
    col: int
    row_span: int = 1
    col_span: int = 1
    header: bool = False
    scope: str = ""  # "col", "colgroup", "row", "rowgroup" for header cells
    decimals: int = 0  # of a value cell: 4 for amounts in 万元, else a whole number


@dataclass
class TableLayout:
    number: str  # 二, 三, 四
    caption: str
    width: int
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)

    @property
    def rows(self) -> list[list[Cell]]:
        return self.head + self.body


def _th(text: str, col: int, scope: str, rows: int = 1, cols: int = 1) -> Cell:
    return Cell(text, col, rows, cols, header=True, scope=scope)


def _td(value: Any, col: int, cols: int = 1, decimals: int = 0) -> Cell:
    return Cell(_figure(value, decimals), col, 1, cols, decimals=decimals)


def _figure(value: Any, decimals: int) -> str:
    """A count as is; an amount in 万元 with its four decimals (18.8710, not 18.871)."""
    if not decimals:
        return str(value)
    try:
        return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals)))
    except InvalidOperation:  # not a number: shown as stored
        return str(value)


AMOUNT_DECIMALS = (
    4  # 本年收费金额（单位：万元）, as AnnualFigures.fees_amount stores it
)


def layout_table2(snapshot: dict[str, Any]) -> TableLayout:
    """Four blocks (第二十条第（一）（五）（六）（八）项), each with its own header row."""
    table = TableLayout("二", "主动公开政府信息情况", 4)
    values = iter(snapshot["table2"])
    for heading, columns, labels in table2_blocks():
        table.body.append([_th(heading, 0, "colgroup", cols=4)])
        span = 4 - len(columns)  # one value column spans the three value columns
        header = [_th("信息内容", 0, "col")]
        header += [
            _th(c, 1 + i, "col", cols=span if len(columns) == 1 else 1)
            for i, c in enumerate(columns)
        ]
        table.body.append(header)
        for label in labels:
            _, cells = next(values)
            decimals = AMOUNT_DECIMALS if label == FEES_LABEL else 0
            row = [_th(label, 0, "row")]
            row += [
                _td(v, 1 + i, cols=span if len(cells) == 1 else 1, decimals=decimals)
                for i, v in enumerate(cells)
            ]
            table.body.append(row)
    return table


def layout_table3(snapshot: dict[str, Any]) -> TableLayout:
    """Three label columns (一/二/三/四, the （一）-（七） groups, the numbered items)
    and the 申请人情况 columns under a three-row header."""
    table = TableLayout("三", "收到和处理政府信息公开申请情况", 10)
    kinds = [label for _, label in TABLE3_COLUMNS]
    table.head = [
        [
            _th(TABLE3_CORNER_NOTE, 0, "col", rows=3, cols=3),
            _th(APPLICANTS, 3, "colgroup", cols=7),
        ],
        [
            _th(kinds[0], 3, "col", rows=2),
            _th(LEGAL_PERSONS, 4, "colgroup", cols=5),
            _th(kinds[-1], 9, "col", rows=2),
        ],
        [_th(label, 4 + i, "col") for i, label in enumerate(kinds[1:-1])],
    ]
    values = dict(snapshot["table3"])
    result_rows = [r for r in TABLE3_ROWS if r.group]
    group_sizes: dict[str, int] = {}
    for row in result_rows:
        group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    seen: set[str] = set()
    for row in TABLE3_ROWS:
        labels: list[Cell] = []
        if row is result_rows[0]:
            labels.append(_th(RESULTS_HEADING, 0, "rowgroup", rows=len(result_rows)))
        own = f"{row.number}{row.label}"
        if not row.group:
            labels.append(_th(own, 0, "row", cols=3))
        elif row.number[0].isdigit():
            if row.group not in seen:
                labels.append(
                    _th(row.group, 1, "rowgroup", rows=group_sizes[row.group])
                )
            labels.append(_th(own, 2, "row"))
        else:
            labels.append(_th(own, 1, "row", cols=2))
        seen.add(row.group)
        table.body.append(
            labels + [_td(v, 3 + i) for i, v in enumerate(values[row.key])]
        )
    return table


def layout_table4(snapshot: dict[str, Any]) -> TableLayout:
    """行政复议 and the two kinds of 行政诉讼, five outcomes each, in one row."""
    table = TableLayout("四", "政府信息公开行政复议、行政诉讼情况", 15)
    outcomes = [label for _, label in TABLE4_COLUMNS]
    reconsideration, *lawsuits = [label for _, label in TABLE4_GROUPS]
    table.head = [
        [
            _th(reconsideration, 0, "colgroup", cols=5),
            _th(LAWSUIT, 5, "colgroup", cols=10),
        ],
        [_th(o, i, "col", rows=2) for i, o in enumerate(outcomes)]
        + [
            _th(label.split("：")[-1], 5 + 5 * i, "colgroup", cols=5)
            for i, label in enumerate(lawsuits)
        ],
        [
            _th(o, 5 + 5 * i + j, "col")
            for i in range(2)
            for j, o in enumerate(outcomes)
        ],
    ]
    values = [v for _, cells in snapshot["table4"] for v in cells]
    table.body = [[_td(v, i) for i, v in enumerate(values)]]
    return table


def layout_tables(snapshot: dict[str, Any]) -> list[TableLayout]:
    if not snapshot:
        return []
    return [layout_table2(snapshot), layout_table3(snapshot), layout_table4(snapshot)]


def table3_leaf_labels() -> list[str]:
    """The label of each row of table 3 as its last label column reads, in order."""
    return [f"{r.number}{r.label}" for r in TABLE3_ROWS]
