"""Published items for search tests, indexed the way publishing indexes them."""

from __future__ import annotations

import json
from typing import Any

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import create_article, publish


def paragraphs(*texts: str) -> str:
    """A StreamField body of paragraphs."""
    return json.dumps([{"type": "paragraph", "value": f"<p>{t}</p>"} for t in texts])


def create_indexed_article(*, body: str = "", **fields: Any) -> ArticlePage:
    """A published 文章 with `body` as one paragraph; publishing indexes it."""
    return publish(create_article(body=paragraphs(body) if body else "[]", **fields))
