"""A small real site for the search page, API, catalog and export tests: published items
in a list-mode column and in a catalog-mode column, indexed by the real engine."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongkai.catalog.enums import GenreGroup, Validity
from gongkai.catalog.models import ArticlePage, Genre
from gongkai.catalog.tests.factories import create_article, publish
from gongkai.columns.models import ColumnPage, HomePage
from gongkai.core.enums import ColumnListMode
from gongkai.core.models import Organisation
from gongkai.core.tests.factories import (
    create_column,
    create_home_page,
    create_organisation,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
FILLER_COUNT = (
    23  # with the 3 named items: 26 in all, two pages of 20 on the search page
)


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, 30, tzinfo=SHANGHAI)


@dataclass
class Corpus:
    home: HomePage
    meetings: ColumnPage  # list mode
    catalog: ColumnPage  # catalog mode (法定主动公开内容)
    regulations: ColumnPage  # below catalog
    finance: ColumnPage  # below catalog
    government: Organisation
    finance_bureau: Organisation
    meeting: ArticlePage
    notice: ArticlePage
    budget: ArticlePage


def _genre(name: str) -> Genre:
    return Genre.objects.get_or_create(name=name, defaults={"group": GenreGroup.OTHER})[
        0
    ]


def build_corpus() -> Corpus:
    """Create, publish and index the site (the engine indexes on publish or on rebuild)."""
    from gongkai.search import lm_store
    from gongkai.search.indexing import rebuild_index

    home = create_home_page(title="金东区人民政府")
    affairs = create_column(parent=home, title="政务公开", slug="zwgk")
    meetings = create_column(parent=affairs, title="政府会议", slug="zfhy")
    catalog = create_column(
        parent=affairs,
        title="法定主动公开内容",
        slug="fdzdgknr",
        list_mode=ColumnListMode.CATALOG,
        items_per_page=10,
    )
    regulations = create_column(
        parent=catalog, title="规章和规范性文件", slug="gzhgfxwj"
    )
    finance = create_column(parent=catalog, title="财政预决算", slug="czyjs")
    government = create_organisation(name="金东区人民政府办公室")
    finance_bureau = create_organisation(name="金东区财政局")
    meeting = publish(
        create_article(
            column=meetings,
            publisher=government,
            title="区委五届四次全体会议举行",
            summary="会议听取和讨论了区政府工作报告，部署八八战略相关工作。",
            published_at=at(2023, 5, 10),
            genre=_genre("会议"),
        )
    )
    notice = publish(
        create_article(
            column=regulations,
            publisher=government,
            title="关于印发金东区社会保险补贴办法的通知",
            summary="为做好社会保险补贴工作，制定本办法。",
            document_number="金东政发〔2023〕12号",
            published_at=at(2023, 3, 1),
            genre=_genre("通知"),
            validity=Validity.VALID,
        )
    )
    budget = publish(
        create_article(
            column=finance,
            publisher=finance_bureau,
            title="金东区2021年财政预算执行情况",
            summary="2021年一般公共预算收入执行情况说明。",
            published_at=at(2022, 1, 20),
            genre=_genre("报告"),
            validity=Validity.EXPIRED,
        )
    )
    for number in range(1, FILLER_COUNT + 1):
        publish(
            create_article(
                column=regulations if number % 2 else finance,
                publisher=finance_bureau,
                title=f"政务公开工作动态第{number}期",
                summary="政务公开工作情况通报。",
                published_at=at(2024, 1 + number % 12, 1 + number),
                validity=Validity.VALID,
                genre=_genre("通报"),
            )
        )
    rebuild_index()
    # As `gongkai search rebuild` does: the correction's model of the new index.
    lm_store.build_if_stale()
    return Corpus(
        home=home,
        meetings=meetings,
        catalog=catalog,
        regulations=regulations,
        finance=finance,
        government=government,
        finance_bureau=finance_bureau,
        meeting=meeting,
        notice=notice,
        budget=budget,
    )
