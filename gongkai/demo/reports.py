"""The demo's annual reports (年度报告) for 2024 and 2025, generated from the demo data."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser

from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation
from gongkai.reports.models import AnnualReportPage
from gongkai.reports.services import generate_report

from .pages import add_draft, child_by_slug

REPORT_COLUMN = "zwgk/zfxxgk/ndbg"
REPORT_YEARS = (2024, 2025)
SHANGHAI = ZoneInfo("Asia/Shanghai")
OVERVIEW = (
    "本年度，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，"
    "持续深化主动公开，依法规范办理政府信息公开申请，加强政府信息管理和公开平台建设。"
)
PROBLEMS = (
    "政策解读形式还不够丰富，部分栏目更新不够及时。下一步将加强培训，完善公开工作机制。"
)


def ensure_annual_reports(
    *, column: ColumnPage, organisation: Organisation, user: AbstractBaseUser
) -> list[AnnualReportPage]:
    """One published report per year, computed from the demo's catalog and applications.

    Published on 20 January of the next year, as departments must by 31 January (条例 Art. 49).
    """
    return [
        _ensure_report(column=column, organisation=organisation, year=year, user=user)
        for year in REPORT_YEARS
    ]


def _ensure_report(
    *, column: ColumnPage, organisation: Organisation, year: int, user: AbstractBaseUser
) -> AnnualReportPage:
    slug = f"ndbg-{year}"
    existing = child_by_slug(column, slug)
    if existing is not None:
        return existing
    published_at = datetime(year + 1, 1, 20, 9, 0, tzinfo=SHANGHAI)
    page = AnnualReportPage(
        title=f"{organisation.name}{year}年政府信息公开工作年度报告",
        slug=slug,
        publisher=organisation,
        organisation=organisation,
        year=year,
        include_departments=True,
        overview=OVERVIEW.format(name=organisation.name),
        problems=PROBLEMS,
        source=organisation.name,
        published_at=published_at,
    )
    add_draft(parent=column, page=page, published_at=published_at)
    generate_report(page=page, user=user)
    page.get_latest_revision().publish(user=user)
    return AnnualReportPage.objects.get(pk=page.pk)
