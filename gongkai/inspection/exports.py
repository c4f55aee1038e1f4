"""A stored run's findings as CSV or XLSX (the table of an inspection report), or DOCX
(the whole report: report_docx.py).

Cell hygiene (formula injection, Excel's BOM, illegal XML characters) is the catalog
download's (search/exports.py), reused here; only the columns differ.
"""

import csv
import io
from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from gongkai.search.exports import CONTENT_TYPES, safe_cell

from .models import InspectionRun, RunFinding
from .rules import SEVERITY_LABELS, Severity
from .ruleset import DEFAULT_RULES

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
FORMATS = ("csv", "xlsx", "docx")
HEADERS = ["类别", "指标", "问题", "位置", "页面ID"]
WIDTHS = (10, 24, 80, 50, 10)


def rows(findings: Iterable[RunFinding]) -> list[list[str]]:
    return [
        [
            SEVERITY_LABELS[Severity(finding.severity)],
            DEFAULT_RULES[finding.rule].label if finding.rule in DEFAULT_RULES else "",
            finding.message,
            finding.location,
            str(finding.page_id or ""),
        ]
        for finding in findings
    ]


def summary(run: InspectionRun) -> list[str]:
    status = "不合格（单项否决）" if run.failed else "未发现单项否决项"
    score = f"扣分指标估算得分 {run.score}" if run.score is not None else ""
    when = timezone.localtime(run.finished_at or run.created_at)
    return [f"{run.site.hostname} 网站自查 {when:%Y-%m-%d %H:%M}", status, score]


def to_csv(run: InspectionRun, table: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in summary(run)])
    writer.writerow(HEADERS)
    writer.writerows([safe_cell(cell) for cell in row] for row in table)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(run: InspectionRun, table: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "自查问题"
    sheet.append(summary(run))
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", safe_cell(cell)) for cell in row])
    for letter, width in zip("ABCDE", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    workbook.properties.title = "网站自查"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(
    run: InspectionRun, findings: Iterable[RunFinding], file_format: str
) -> HttpResponse:
    if file_format == "docx":
        from .report_docx import build_docx

        body, content_type = build_docx(run, findings), DOCX_CONTENT_TYPE
    else:
        table = rows(findings)
        body = to_csv(run, table) if file_format == "csv" else to_xlsx(run, table)
        content_type = CONTENT_TYPES[file_format]
    name = f"inspection-{run.pk}.{file_format}"
    chinese = f"网站自查-{run.pk}.{file_format}"
    result = HttpResponse(body, content_type=content_type)
    result["Content-Disposition"] = (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(chinese)}"
    )
    return result
