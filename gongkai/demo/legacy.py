"""The demo's old portal: a small mirror in the Hanweb JCMS layout of jindong.gov.cn,
imported at build time with `gongkai import`'s service so that old URLs answer 301.

It holds the seed page at its original address (/art/2023/8/7/art_1229398364_59328304.html,
column 全体会议 col1229398364, mapped onto the demo's 全体会议: the item is recognised by its
索引号 and only its old URL is kept) and a few notices of 2015 in a column that has no
counterpart, which land in 历史栏目.
"""

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from wagtail.models import Site

from gongkai.columns.models import ColumnPage
from gongkai.portal_import.fixture_sites import (
    FixtureColumn,
    FixtureItem,
    FixtureSite,
    assign_paths,
    write_site,
)
from gongkai.portal_import.layouts.hanweb import HanwebLayout
from gongkai.portal_import.services import ImportReport, import_portal
from gongkai.portal_import.sources import FolderSource

from .planner import TIME_ZONE
from .seed import SEED_COLUMN, seed_published_at
from .sources import load_seed_page

SEED_LEGACY_COLUMN = "1229398364"
SEED_LEGACY_ID = "59328304"
SEED_LEGACY_PATH = "/art/2023/8/7/art_1229398364_59328304.html"
NOTICE_COLUMN = "1229398371"
NOTICES = (
    (
        "关于2015年度政府信息公开工作年度报告的公告",
        [
            "根据《中华人民共和国政府信息公开条例》要求，现公布本区2015年度政府信息公开工作年度报告。"
        ],
    ),
    (
        "关于调整区政务服务中心工作时间的通知",
        [
            "自2015年7月1日起，区政务服务中心夏季工作时间调整为上午8:30至12:00，下午14:30至18:00。"
        ],
    ),
    (
        "关于开展2015年度政务公开工作检查的通知",
        ["为进一步推进政务公开工作，区政府办公室决定对各单位政务公开工作开展检查。"],
    ),
    (
        "关于公布区级行政权力清单的公告",
        ["现将区级行政权力清单予以公布，接受社会监督。"],
    ),
)


def demo_mirror() -> FixtureSite:
    seed = load_seed_page()
    items = [
        FixtureItem(
            legacy_id=SEED_LEGACY_ID,
            column_id=SEED_LEGACY_COLUMN,
            title=seed["title"],
            published_at=seed_published_at(seed),
            source=seed["source"],
            publisher=seed["metadata"]["publisher"],
            index_number=seed["metadata"]["index_no"],
            paragraphs=list(seed["body_paragraphs"]),
            byline=seed["byline"],
        )
    ]
    start = datetime(2015, 3, 2, 9, 30, tzinfo=TIME_ZONE)
    for number, (title, paragraphs) in enumerate(NOTICES):
        items.append(
            FixtureItem(
                legacy_id=str(50000000 + number),
                column_id=NOTICE_COLUMN,
                title=title,
                published_at=start + timedelta(days=61 * number),
                source="区政府办公室",
                publisher="金东区人民政府",
                index_number=f"330703000000/2015-{900001 + number:06d}",
                paragraphs=paragraphs,
                genre="公告",
            )
        )
    columns = [
        FixtureColumn(SEED_LEGACY_COLUMN, "全体会议"),
        FixtureColumn(NOTICE_COLUMN, "通知公告"),
    ]
    site = FixtureSite(
        layout="hanweb", name="金东区人民政府", columns=columns, items=items
    )
    assign_paths(site)
    return site


def ensure_legacy_portal(*, site: Site, columns: dict[str, ColumnPage]) -> ImportReport:
    """Import the mirror (idempotent: a second build changes nothing)."""
    folder = Path(tempfile.mkdtemp(prefix="gk-demo-mirror-"))
    try:
        write_site(demo_mirror(), folder)
        return import_portal(
            source=FolderSource(str(folder)),
            layout=HanwebLayout(),
            site=site,
            mapping={SEED_LEGACY_COLUMN: columns[SEED_COLUMN]},
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
