"""The seed page (区委五届四次全体会议举行, jindong.gov.cn, 2023-08-07) and its 图解.

The seed article keeps every published value, its original index number included; the
second subtitle's lost quotation stays lost (see fixtures/seed-page.json).
"""

import re
from datetime import datetime
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

from gongkai.catalog.enums import DisclosureMethod, InterpretationKind
from gongkai.catalog.models import ArticlePage, Genre, InterpretationPage
from gongkai.catalog.services import import_index_number
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation

from .pages import (
    DemoBuildError,
    add_draft,
    child_by_slug,
    html_blocks,
    paragraph_blocks,
    publish,
)
from .planner import TIME_ZONE
from .sources import load_seed_page

SEED_COLUMN = "zwgk/zfhy/qtqh"
SEED_SLUG = "art-59328304"  # the item id of the original URL, art_1229398364_59328304
GRAPHIC_COLUMN = "zcwj/zcjd"
GRAPHIC_SLUG = "tujie-59328304"
GRAPHIC_TITLE = "图解：区委五届四次全体会议"
GRAPHIC_PUBLISHED_AT = datetime(2023, 8, 7, 10, 30, tzinfo=TIME_ZONE)


def seed_published_at(seed: dict[str, Any]) -> datetime:
    return datetime.strptime(seed["published_at"], "%Y-%m-%d %H:%M").replace(
        tzinfo=TIME_ZONE
    )


def _disclosure_method(label: str) -> str:
    methods = {
        str(choice_label): value for value, choice_label in DisclosureMethod.choices
    }
    return methods[label]


def ensure_seed_article(*, column: ColumnPage, user: Any = None) -> ArticlePage:
    """The seed article with its original values, under 全体会议; created once."""
    existing = child_by_slug(column, SEED_SLUG)
    if existing is not None:
        return existing
    seed = load_seed_page()
    metadata = seed["metadata"]
    published_at = seed_published_at(seed)
    page = ArticlePage(
        title=seed["title"],
        slug=SEED_SLUG,
        kicker=seed["headline"]["kicker"],
        headline=seed["headline"]["main"],
        subtitles="\n".join(seed["headline"]["subtitles"]),
        body=paragraph_blocks(seed["body_paragraphs"]),
        byline=seed["byline"],
        publisher=Organisation.objects.get(name=metadata["publisher"]),
        disclosure_method=_disclosure_method(metadata["disclosure_mode"]),
        source=seed["source"],
        published_at=published_at,
    )
    add_draft(parent=column, page=page, published_at=published_at)
    # The original number, before publishing: the signal then has nothing to allocate.
    import_index_number(page=page, number=metadata["index_no"])
    publish(page=page, user=user, published_at=published_at)
    return _checked_seed(page, metadata["index_no"])


def _checked_seed(page: ArticlePage, number: str) -> ArticlePage:
    page.refresh_from_db()
    if page.index_number != number:
        raise DemoBuildError(
            _("种子页面的索引号应为 %(expected)s，实际为 %(actual)s。")
            % {"expected": number, "actual": page.index_number or _("空")}
        )
    return page


def ensure_graphic_interpretation(
    *, column: ColumnPage, seed_page: ArticlePage, user: Any = None
) -> InterpretationPage:
    """A 图解 of the seed article in 政策解读; its index number is issued on publish."""
    existing = child_by_slug(column, GRAPHIC_SLUG)
    if existing is not None:
        return existing
    page = InterpretationPage(
        title=GRAPHIC_TITLE,
        slug=GRAPHIC_SLUG,
        kind=InterpretationKind.GRAPHIC,
        interprets=[seed_page],
        body=html_blocks(_graphic_fragments(seed_page)),
        publisher=seed_page.publisher,
        genre=Genre.objects.filter(name="图解").first(),
        source=seed_page.source,
        published_at=GRAPHIC_PUBLISHED_AT,
    )
    add_draft(parent=column, page=page, published_at=GRAPHIC_PUBLISHED_AT)
    publish(page=page, user=user, published_at=GRAPHIC_PUBLISHED_AT)
    page.refresh_from_db()  # the index number was issued on the published copy
    return page


def _graphic_fragments(seed_page: ArticlePage) -> list[str]:
    """The 图解's text: the meeting in brief, its theme and the ten 走前列作示范."""
    paragraphs = load_seed_page()["body_paragraphs"]
    goals = re.findall(r"在([^;；,，]+?)上走前列作示范", paragraphs[6])
    items = "".join(f"<li>在{escape(goal)}上走前列作示范</li>" for goal in goals)
    return [
        f"<p>{escape(paragraphs[0])}{escape(paragraphs[1])}</p>",
        "<h3>会议主题</h3>",
        f"<p>{escape(seed_page.headline)}</p>",
        f"<h3>十个“走前列作示范”</h3><ul>{items}</ul>",
        f'<p>原文：<a linktype="page" id="{seed_page.pk}">{escape(seed_page.title)}</a></p>',
    ]
