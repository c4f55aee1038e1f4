"""The demo site the browser tests read, and what they need to know about it."""

from dataclasses import dataclass
from importlib import import_module
from typing import Any

TAXONOMY_MIGRATION = "gongkai.catalog.migrations.0003_preload_taxonomies"
REPORT_GENRES_MIGRATION = "gongkai.reports.migrations.0002_report_genres"
SEARCH_DICTIONARY_MIGRATION = "gongkai.search.migrations.0003_preload_dictionary"
# Enough items to fill the home page's column blocks; building them takes seconds.
DEMO_ITEM_COUNT = 40


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    title: str


@dataclass(frozen=True)
class DemoPages:
    """The demo site as the browser sees it: the live server's URL and three pages."""

    base_url: str
    home: PublicPage
    column: PublicPage  # the seed page's column (全体会议)
    seed: PublicPage
    graphic: PublicPage  # the seed page's 图解

    def by_name(self, name: str) -> PublicPage:
        return {"home": self.home, "column": self.column, "seed": self.seed}[name]

    def url(self, page: PublicPage) -> str:
        return self.base_url + page.path

    @classmethod
    def of(cls, demo: Any, base_url: str) -> "DemoPages":
        column = demo.seed_page.get_parent()
        graphic = demo.graphic_interpretation
        return cls(
            base_url=base_url,
            home=PublicPage("home", demo.home.url, demo.home.title),
            column=PublicPage("column", column.url, column.title),
            seed=PublicPage("seed", demo.seed_page.url, demo.seed_page.title),
            graphic=PublicPage("graphic", graphic.url, graphic.title),
        )


def restore_migration_data() -> None:
    """Put back the rows migrations create that the demo needs, when the flush after an
    earlier transactional test (or --reuse-db) removed them: the page tree root with its
    locale, the preloaded 主题分类 and 体裁分类, and the search dictionary and synonym sets
    (pinyin and term queries need them)."""
    from django.apps import apps

    from gongkai.catalog.models import Genre
    from gongkai.core.tests.factories import get_tree_root
    from gongkai.search import analysis
    from gongkai.search.models import UserTerm

    get_tree_root()
    if not Genre.objects.exists():
        import_module(TAXONOMY_MIGRATION).preload(apps, None)
        import_module(REPORT_GENRES_MIGRATION).add_genres(apps, None)
    if not UserTerm.objects.exists():
        import_module(SEARCH_DICTIONARY_MIGRATION).preload(apps, None)
        analysis.reset()  # the segmenter caches the dictionary it last read
