"""The annual 互动交流 figures as CSV (UTF-8 with BOM, for Excel) and XLSX."""

import csv
import io

from openpyxl import Workbook

from .annual import AnnualFigures

HEADER = ("项目", "数值")


def figures_csv(figures: AnnualFigures) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(figures.rows())
    return out.getvalue().encode("utf-8-sig")


def figures_xlsx(figures: AnnualFigures) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"互动交流{figures.year}"
    sheet.append([f"{figures.year}年度政府网站工作年度报表 互动交流"])
    sheet.append(list(HEADER))
    for label, value in figures.rows():
        # Counts as numbers, so the sheet sums them; "3/2" and "—" stay text.
        sheet.append([label, _number(value)])
    sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value
