"""Geometry of tables 2-4 in the DOCX: fixed column widths sized to the longest label
of each column, header rows repeated on every page (w:tblHeader), rows kept whole
(w:cantSplit), and label lines broken only after punctuation.

Why our own code: python-docx sets widths per cell but has no API for fixed layout,
table cell margins or header rows, and neither Word nor LibreOffice knows Chinese word
boundaries — they wrap between any two characters (政府信|息). Labels are therefore
packed into lines at their punctuation (、，；：）) by `label_lines`, and every column is
wide enough for the longest phrase it holds."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from .layout import TableLayout

# Cell padding left and right (mm): the 公文 tables are dense; 1 mm keeps the rules clear.
CELL_PADDING_MM = 0.8

# Column widths in mm, per table, summing to the text width of the page they sit on.
# Table 2 (portrait, 156 mm): the label column and three value columns.
TABLE2_WIDTHS = (54.0, 34.0, 34.0, 34.0)
# Table 3 (landscape, 225 mm): 三、本年度办理结果 | （一）-（七） | items 1.-8. |
# 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计.
# Each value column holds its heading on one line at 9 pt (a CJK character is 3.175 mm).
TABLE3_WIDTHS = (25.0, 26.0, 70.0, 13.0, 15.5, 15.5, 21.5, 21.5, 8.5, 8.5)
# Table 4 (landscape, 225 mm): fifteen value columns, 结果维持 etc. on one line.
TABLE4_WIDTHS = (15.0,) * 15
WIDTHS = {"二": TABLE2_WIDTHS, "三": TABLE3_WIDTHS, "四": TABLE4_WIDTHS}
LANDSCAPE_TABLES = frozenset({"三", "四"})

BREAK_AFTER = frozenset("、，；：）")
CJK_MM_PER_POINT = 25.4 / 72  # a full-width character is one em wide


def text_width_em(text: str) -> float:
    """Width of `text` in ems: CJK and full-width characters 1, ASCII 0.55."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def phrases(text: str) -> list[str]:
    """`text` cut after each punctuation mark where a line may end."""
    parts, current = [], ""
    for ch in text:
        current += ch
        if ch in BREAK_AFTER:
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def label_lines(text: str, width_mm: float, size_pt: float) -> list[str]:
    """`text` packed greedily into lines of at most `width_mm`, breaking only between
    phrases; a phrase longer than a line is kept whole (the column is too narrow)."""
    capacity = (width_mm - 2 * CELL_PADDING_MM) / (size_pt * CJK_MM_PER_POINT)
    lines: list[str] = []
    for phrase in phrases(text):
        if lines and text_width_em(lines[-1] + phrase) <= capacity:
            lines[-1] += phrase
        else:
            lines.append(phrase)
    return lines


def cell_width(layout: TableLayout, col: int, span: int) -> float:
    return sum(WIDTHS[layout.number][col : col + span])


def _set(parent: object, tag: str, **attributes: str) -> None:
    element = parent.find(qn(tag))  # type: ignore[attr-defined]
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)  # type: ignore[attr-defined]
    for name, value in attributes.items():
        element.set(qn(name), value)


def _twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def apply_geometry(table: Table, layout: TableLayout) -> None:
    """Fixed widths, padding, repeated header rows and unsplit rows on `table`."""
    widths = WIDTHS[layout.number]
    table.autofit = False
    properties = table._tbl.tblPr
    _set(properties, "w:tblW", **{"w:w": _twips(sum(widths)), "w:type": "dxa"})
    layout_element = properties.get_or_add_tblLayout()
    layout_element.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), _twips(CELL_PADDING_MM))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # Schema order: tblCellMar right after tblLayout (Word rejects it elsewhere).
    layout_element.addnext(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for r, row in enumerate(table.rows):
        row_properties = row._tr.get_or_add_trPr()
        _set(row_properties, "w:cantSplit")
        if r < len(layout.head):
            _set(row_properties, "w:tblHeader")
