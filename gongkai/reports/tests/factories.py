"""Documents of table 2 and entered figures; applications come from the applications
app's factories and services."""

import itertools
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from gongkai.catalog.enums import Validity
from gongkai.catalog.models import ArticlePage, Genre
from gongkai.catalog.tests.factories import create_article
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation

if TYPE_CHECKING:
    from gongkai.reports.models import AnnualReportPage

_sequence = itertools.count(1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def create_document(
    *,
    column: ColumnPage,
    publisher: Organisation,
    genre: str = "行政规范性文件",
    written_on: date,
    abolished_on: date | None = None,
    validity: str = Validity.VALID,
    **fields: Any,
) -> ArticlePage:
    """A live item of `genre`; `abolished_on` marks it 废止, published again that day."""
    published_on = abolished_on or written_on
    values: dict[str, Any] = {
        "live": True,
        "genre": Genre.objects.get(name=genre),
        "written_on": written_on,
        "document_number": f"汉政规〔{written_on.year}〕{next(_sequence)}号",
        "validity": Validity.REPEALED if abolished_on else validity,
        "last_published_at": datetime(
            published_on.year, published_on.month, published_on.day, 10, tzinfo=SHANGHAI
        ),
    }
    values.update(fields)
    return create_article(column=column, publisher=publisher, **values)


def create_report_page(
    *, column: ColumnPage, organisation: Organisation, year: int, **fields: Any
) -> "AnnualReportPage":
    """A draft annual report of `organisation` for `year` in `column`."""
    from gongkai.reports.models import AnnualReportPage

    number = next(_sequence)
    values: dict[str, Any] = {
        "title": f"{organisation.name}{year}年政府信息公开工作年度报告",
        "slug": f"report-{number}",
        "live": False,
        "publisher": organisation,
        "organisation": organisation,
        "year": year,
        "overview": "本年度主动公开政府信息。\n\n依申请公开工作依法办理。",
        "problems": "公开平台建设仍需加强。",
    }
    values.update(fields)
    return column.add_child(instance=AnnualReportPage(**values))
