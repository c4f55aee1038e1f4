"""Tables 2-4 of the report as a workbook, one sheet per table, in the official layout.
Counts are stored as integers shown as integers; amounts in 万元 as numbers shown with
their four decimals (18.8710, not 18.871)."""

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from .layout import TableLayout

if TYPE_CHECKING:
    from .models import AnnualReportPage

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _number(text: str, decimals: int) -> int | Decimal | str:
    try:
        return Decimal(text) if decimals else int(text)
    except (ArithmeticError, ValueError):  # not a number: kept as text
        return text


def _number_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


def _write(sheet: Worksheet, layout: TableLayout) -> None:
    sheet.append([f"表{layout.number}　{layout.caption}"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=layout.width)
    for r, row in enumerate(layout.rows, start=2):
        for cell in row:
            target = sheet.cell(row=r, column=cell.col + 1)
            if cell.header:
                target.value = cell.text
            else:
                target.value = _number(cell.text, cell.decimals)
                target.number_format = _number_format(cell.decimals)
            target.alignment, target.border = CENTRE, BORDER
            target.font = Font(bold=cell.header)
            if cell.row_span > 1 or cell.col_span > 1:
                sheet.merge_cells(
                    start_row=r,
                    start_column=cell.col + 1,
                    end_row=r + cell.row_span - 1,
                    end_column=cell.col + cell.col_span,
                )


def build_xlsx(page: "AnnualReportPage") -> bytes:
    """One sheet per table (表二, 表三, 表四) of the tables as published."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for layout in page.table_layouts():
        _write(workbook.create_sheet(f"表{layout.number}"), layout)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
