"""Content items (文章) created in a column and published the way editors publish."""

import itertools
from typing import Any

from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from gongkai.catalog.enums import DisclosureMethod
from gongkai.catalog.models import ArticlePage, DisclosurePage
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation
from gongkai.core.tests.factories import create_column, create_organisation

_sequence = itertools.count(1)


def create_article(
    *,
    column: ColumnPage | None = None,
    publisher: Organisation | None = None,
    **fields: Any,
) -> ArticlePage:
    """A draft 文章 (never published) in `column`, by `publisher`."""
    number = next(_sequence)
    values: dict[str, Any] = {
        "title": f"测试文章{number}",
        "slug": f"article-{number}",
        "live": False,
        "publisher": publisher or create_organisation(),
    }
    values.update(fields)
    return (column or create_column()).add_child(instance=ArticlePage(**values))


def publish(page: DisclosurePage) -> DisclosurePage:
    """Save a revision of `page` and publish it; return the page as now stored."""
    page.save_revision().publish()
    return DisclosurePage.objects.get(pk=page.pk).specific


def create_published_article(**kwargs: Any) -> ArticlePage:
    return publish(create_article(**kwargs))


def article_form_data(
    *, body: list[Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """Wagtail's 文章 edit form as a browser posts it: every field blank unless given."""
    data = {
        "title": "关于2025年政务公开工作要点的通知",
        "slug": "gongkai-2025",
        "kicker": "",
        "headline": "",
        "subtitles": "",
        "body": streamfield(body or []),
        "byline": "",
        "publisher": "",
        "disclosure_method": DisclosureMethod.PROACTIVE,
        "genre": "",
        "topic": "",
        "published_at": "",
        "source": "",
        "document_number": "",
        "written_on": "",
        "validity": "",
        "keywords": "",
        "summary": "",
    }
    data.update(fields)
    return nested_form_data(data)


def post_article_add_form(
    client: Client, *, column: ColumnPage, body: list[Any] | None = None, **fields: Any
) -> Any:
    """POST Wagtail's "add 文章" form under `column` with the publish action."""
    url = reverse("wagtailadmin_pages:add", args=["catalog", "articlepage", column.pk])
    return client.post(
        url,
        article_form_data(body=body, **{"action-publish": "action-publish", **fields}),
    )
