"""A stored run as a Word document in the shape of an inspection report (检查报告):
title, site and date, the conclusion, the 单项否决 table (each veto indicator red or
green), the 扣分 items with the points lost and the score estimate, then every finding
with the URL to open it. python-docx, as the annual report's DOCX (reports/report_docx.py);
the fonts are the 公文 ones named there, with a CJK fallback for machines without them.

The veto table and the deductions use the site's rules as they are now (threshold, points,
weight); each finding keeps the severity it had in the run, and the total is the run's own
stored score estimate.
"""

import io
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from wagtail.models import Page

from .models import InspectionRun, RunFinding
from .rules import SEVERITY_LABELS, Severity
from .ruleset import DEFAULT_RULES
from .selectors import ruleset_for

TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"
FALLBACK_FONT = "Noto Serif CJK SC"
RED, GREEN = "F4CCCC", "D9EAD3"  # cell shading of a failed / passed veto indicator
FAILED, PASSED = "不合格", "合格"
# Characters XML 1.0 forbids (a finding quotes page text): python-docx would refuse them.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run(
    paragraph: Paragraph, text: str, font: str, size: int, bold: bool = False
) -> None:
    run = paragraph.add_run(ILLEGAL_XML.sub("", text))
    run.font.name, run.font.size, run.font.bold = FALLBACK_FONT, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document, headers: list[str], rows: list[list[str]]):  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    for column, text in enumerate(headers):
        _run(table.cell(0, column).paragraphs[0], text, HEADING_FONT, 10)
    for r, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            _run(table.cell(r, column).paragraphs[0], text, BODY_FONT, 10)
    return table


def _urls(run: InspectionRun, findings: list[RunFinding]) -> dict[int, str]:
    """The public URL of each finding: its page's, else the location made absolute."""
    pages = Page.objects.in_bulk({f.page_id for f in findings if f.page_id})
    root = run.site.root_url.rstrip("/")
    urls = {}
    for finding in findings:
        page = pages.get(finding.page_id) if finding.page_id else None
        url = page.get_full_url() if page is not None and page.live else None
        if not url:
            location = finding.location
            if location.startswith(("http://", "https://")) or not location:
                url = location
            else:
                url = f"{root}/{location.lstrip('/')}"
        urls[finding.pk] = url
    return urls


def build_docx(run: InspectionRun, findings: Iterable[RunFinding]) -> bytes:
    visible = list(findings)
    every = list(run.findings.all())  # the veto status is the site's, whoever exports
    rules = ruleset_for(run.site).rules
    when = timezone.localtime(run.finished_at or run.created_at)
    document = Document()

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(
        title, f"{run.site.site_name or run.site.hostname}网站自查报告", TITLE_FONT, 22
    )
    for text in (
        f"站点：{run.site.site_name or run.site.hostname}（{run.site.root_url}）",
        f"检查时间：{when:%Y年%m月%d日 %H:%M}（{run.get_mode_display()}检查）",
        "检查依据：《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）",
        "结论："
        + (
            "存在单项否决项，按检查指标网站不合格。"
            if run.failed
            else "未发现单项否决项。"
        )
        + (
            f"扣分指标估算得分 {run.score} 分（满分 100）。"
            if run.score is not None
            else ""
        ),
    ):
        _run(document.add_paragraph(), text, BODY_FONT, 14)

    _run(document.add_paragraph(), "一、单项否决指标", HEADING_FONT, 16)
    vetoes = Counter(f.rule for f in every if f.severity == Severity.VETO)
    veto_rules = [
        rule
        for rule in rules.values()
        if rule.severity is Severity.VETO and rule.enabled
    ]
    table = _table(
        document,
        ["指标", "结果", "问题数", "检查方法"],
        [
            [
                rule.label,
                FAILED if vetoes[rule.code] else PASSED,
                str(vetoes[rule.code]),
                rule.measure,
            ]
            for rule in veto_rules
        ],
    )
    for row, rule in enumerate(veto_rules, start=1):
        _shade(table.cell(row, 1), RED if vetoes[rule.code] else GREEN)

    _run(document.add_paragraph(), "二、扣分指标", HEADING_FONT, 16)
    deducted = Counter(f.rule for f in every if f.severity == Severity.DEDUCT)
    lines = []
    for code, count in sorted(deducted.items()):
        item = rules.get(code)
        if item is None:
            continue
        lost = min(item.points * count, item.weight)
        lines.append(
            [item.label, str(count), f"{item.points}", f"{item.weight}", f"{lost}"]
        )
    if lines:
        _table(document, ["指标", "问题数", "每条扣分", "本项最多扣分", "扣分"], lines)
    else:
        _run(document.add_paragraph(), "无扣分项。", BODY_FONT, 14)
    score = run.score if run.score is not None else Decimal(100)
    _run(
        document.add_paragraph(),
        f"估算得分：{score} 分（满分 100，低于 60 分不合格）。",
        BODY_FONT,
        14,
    )

    _run(document.add_paragraph(), "三、问题清单", HEADING_FONT, 16)
    urls = _urls(run, visible)
    if visible:
        _table(
            document,
            ["序号", "类别", "指标", "问题", "网址"],
            [
                [
                    str(number),
                    SEVERITY_LABELS[Severity(f.severity)],
                    DEFAULT_RULES[f.rule].label if f.rule in DEFAULT_RULES else f.rule,
                    f.message,
                    urls[f.pk],
                ]
                for number, f in enumerate(visible, start=1)
            ],
        )
    else:
        _run(document.add_paragraph(), "未发现问题。", BODY_FONT, 14)
    document.core_properties.title = "网站自查报告"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
