"""CSV and XLSX download of a filtered catalog list (条例第二十四条: 检索、查阅、下载).

The file holds at most `max_rows()` items; when the list is longer, the last line says
so, and the page says it beside the download links.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from .results import SearchHit, SearchQuery, SearchResults

DEFAULT_MAX_ROWS = 5000
BATCH = 100  # the engine's largest page
# Spreadsheet programs run a cell that starts with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def max_rows() -> int:
    return int(getattr(settings, "GONGKAI_SEARCH_EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def headers() -> list[str]:
    return [
        gettext("索引号"),
        gettext("名称"),
        gettext("文号"),
        gettext("发布机构"),
        gettext("发布日期"),
        gettext("有效性"),
        gettext("网址"),
    ]


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]
    total: int
    note: str  # "" unless the list was cut


def collect_rows(
    query: SearchQuery,
    run_search: Callable[[SearchQuery], SearchResults],
    *,
    absolute: Callable[[str], str],
) -> Table:
    """Every hit of `query` up to max_rows(), fetched in batches, as table rows."""
    limit = max_rows()
    rows: list[list[str]] = []
    total, page = 0, 1
    while len(rows) < limit:
        batch = dataclasses.replace(query, page=page, per_page=BATCH, with_facets=False)
        results = run_search(batch)
        total = results.total
        rows.extend(_row(hit, absolute) for hit in results.hits)
        if not results.hits or len(rows) >= total:
            break
        page += 1
    note = ""
    if total > limit:
        rows = rows[:limit]
        note = gettext(
            "共 %(total)d 条，只导出了前 %(n)d 条；请增加筛选条件后分批下载。"
        ) % {
            "total": total,
            "n": limit,
        }
    return Table(rows=rows, total=total, note=note)


def _row(hit: SearchHit, absolute: Callable[[str], str]) -> list[str]:
    published = hit.published_on.isoformat() if hit.published_on else ""
    return [
        hit.index_number,
        hit.title,
        hit.document_number,
        hit.publisher,
        published,
        hit.validity,
        absolute(hit.url) if hit.url else "",
    ]


def safe_cell(value: str) -> str:
    """Neutralise a leading formula character, as OWASP advises for CSV downloads."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers())
    writer.writerows([safe_cell(cell) for cell in row] for row in table.rows)
    if table.note:
        writer.writerow([table.note])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("公开目录")
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        # Text cells throughout: an index number must not turn into a number or a date.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", safe_cell(cell)) for cell in row])
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    for letter, width in zip("ABCDEFG", (28, 60, 24, 24, 12, 8, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(table: Table, *, file_format: str, title: str) -> HttpResponse:
    if file_format not in CONTENT_TYPES:
        raise Http404(gettext("不支持这种下载格式。"))
    body = to_csv(table) if file_format == "csv" else to_xlsx(table, title=title)
    stamp = timezone.localdate().isoformat()
    filename = f"{title}-{stamp}.{file_format}"
    result = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    result["Content-Disposition"] = (
        f"attachment; filename=\"catalog-{stamp}.{file_format}\"; filename*=UTF-8''{quote(filename)}"
    )
    return result
