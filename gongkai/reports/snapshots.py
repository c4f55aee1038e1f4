"""The tables of a published report as stored JSON, their cell-by-cell labels and the
changes between two versions ("regenerating after late changes shows what changed").
Pure: no ORM and no clock."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .tables import (
    DOCUMENT_KINDS,
    FEES_LABEL,
    TABLE2_BLOCKS,
    TABLE2_FIGURE_ROWS,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    AnnualReportTables,
    Row,
)

SNAPSHOT_VERSION = 1
TABLE_TITLES = {
    "table2": "主动公开政府信息情况",
    "table3": "收到和处理政府信息公开申请情况",
    "table4": "政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class CellChange:
    table: str
    row: str
    column: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.table}｜{self.row}｜{self.column}：{self.old} → {self.new}"


def _value(value: int | Decimal) -> int | str:
    # Decimals (万元) are kept as text so that JSON keeps every digit.
    return str(value) if isinstance(value, Decimal) else value


def snapshot_tables(tables: AnnualReportTables) -> dict[str, Any]:
    """The JSON stored on the report page: every cell of tables 2-4, in official order."""
    return {
        "version": SNAPSHOT_VERSION,
        "organisation": tables.organisation,
        "year": tables.year,
        "sources": list(tables.table2.figures.sources),
        "table2": [
            [label, [_value(v) for v in cells]] for label, cells in tables.table2.rows()
        ],
        "table3": [[row.key, list(cells)] for row, cells in tables.table3.rows()],
        "table4": [[label, list(cells)] for label, cells in tables.table4.rows()],
    }


def table2_blocks() -> list[tuple[str, tuple[str, ...], list[str]]]:
    """(heading, column labels, row labels) of each block of table 2."""
    figure_labels = [label for _, label in TABLE2_FIGURE_ROWS]
    row_labels = [
        [label for _, label in DOCUMENT_KINDS],
        figure_labels[:1],
        figure_labels[1:],
        [FEES_LABEL],
    ]
    return [
        (heading, columns, rows)
        for (heading, columns), rows in zip(TABLE2_BLOCKS, row_labels, strict=True)
    ]


def table3_row_label(row: Row) -> str:
    """The row's full label, e.g. "（三）不予公开 1.属于国家秘密"."""
    own = f"{row.number}{row.label}"
    return f"{row.group} {own}" if row.number[0].isdigit() else own


def labelled_cells(snapshot: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    """Every cell of a snapshot keyed by (table title, row label, column label)."""
    if not snapshot:
        return {}
    cells: dict[tuple[str, str, str], str] = {}
    columns2 = [cols for _, cols, rows in table2_blocks() for _ in rows]
    for (label, values), columns in zip(snapshot["table2"], columns2, strict=True):
        for column, value in zip(columns, values, strict=True):
            cells[(TABLE_TITLES["table2"], label, column)] = str(value)
    rows3 = {row.key: row for row in TABLE3_ROWS}
    for key, values in snapshot["table3"]:
        for (_, column), value in zip(TABLE3_COLUMNS, values, strict=True):
            label = table3_row_label(rows3[key])
            cells[(TABLE_TITLES["table3"], label, column)] = str(value)
    for label, values in snapshot["table4"]:
        for (_, column), value in zip(TABLE4_COLUMNS, values, strict=True):
            cells[(TABLE_TITLES["table4"], label, column)] = str(value)
    return cells


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> list[CellChange]:
    """The cells whose value differs between two snapshots, in table order."""
    before, after = labelled_cells(old), labelled_cells(new)
    if not before:
        return []
    return [
        CellChange(*key, old=before.get(key, ""), new=value)
        for key, value in after.items()
        if before.get(key) != value
    ]
