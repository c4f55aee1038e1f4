"""Turning planned items (items.plan_items) into published pages."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from wagtail.models import Page

from gongkai.catalog.models import (
    ArticlePage,
    DisclosurePage,
    Genre,
    InterpretationPage,
    Topic,
)
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation

from .pages import DemoBuildError, add_draft, paragraph_blocks, publish
from .planner import INTERPRETATION, ItemSpec

PROGRESS_EVERY = 50


@dataclass(frozen=True)
class Taxonomy:
    """Genres by name and topics by (一级, 二级) name, loaded once."""

    genres: dict[str, Genre]
    topics: dict[tuple[str, str], Topic]

    @classmethod
    def load(cls) -> "Taxonomy":
        topics = Topic.objects.filter(parent__isnull=False).select_related("parent")
        return cls(
            genres={genre.name: genre for genre in Genre.objects.all()},
            topics={
                (topic.parent.name, topic.name): topic
                for topic in topics
                if topic.parent is not None  # all of them (parent__isnull=False)
            },
        )

    def genre(self, name: str) -> Genre | None:
        if name and name not in self.genres:
            raise DemoBuildError(
                _("体裁分类中没有“%(name)s”，请先运行 migrate。") % {"name": name}
            )
        return self.genres.get(name)

    def topic(self, names: tuple[str, str] | None) -> Topic | None:
        if names and names not in self.topics:
            raise DemoBuildError(
                _("主题分类中没有“%(name)s”，请先运行 migrate。")
                % {"name": "\\".join(names)}
            )
        return self.topics.get(names) if names else None


def ensure_items(
    *,
    specs: Sequence[ItemSpec],
    columns: dict[str, ColumnPage],
    organisations: dict[str, Organisation],
    corpus: Sequence[str],
    user: Any = None,
    report: Callable[[str], None] = lambda message: None,
) -> int:
    """Create and publish the planned items that do not exist yet, oldest first, so that
    serials grow with the date; return how many were created."""
    existing = _existing(specs, columns)
    missing = sorted(
        (
            spec
            for spec in specs
            if (columns[spec.column].path, spec.slug) not in existing
        ),
        key=lambda spec: (spec.published_at, spec.number),
    )
    writer = _ItemWriter(
        columns=columns,
        corpus=corpus,
        user=user,
        taxonomy=Taxonomy.load(),
        organisations=organisations,
        specs_by_slug={spec.slug: spec for spec in specs},
    )
    for done, spec in enumerate(missing, start=1):
        writer.write(spec)
        if done % PROGRESS_EVERY == 0 or done == len(missing):
            report(
                _("已发布 %(done)d/%(total)d 条信息")
                % {"done": done, "total": len(missing)}
            )
    return len(missing)


def _existing(
    specs: Sequence[ItemSpec], columns: dict[str, ColumnPage]
) -> set[tuple[str, str]]:
    """(parent path, slug) of the planned slugs that already exist anywhere."""
    rows = Page.objects.filter(slug__in=[spec.slug for spec in specs]).values_list(
        "path", "slug"
    )
    return {(path[: -Page.steplen], slug) for path, slug in rows}


@dataclass
class _ItemWriter:
    columns: dict[str, ColumnPage]
    corpus: Sequence[str]
    user: Any
    taxonomy: Taxonomy
    organisations: dict[str, Organisation]
    specs_by_slug: dict[str, ItemSpec]

    def write(self, spec: ItemSpec) -> DisclosurePage:
        page = self._page(spec)
        add_draft(
            parent=self.columns[spec.column], page=page, published_at=spec.published_at
        )
        return publish(page=page, user=self.user, published_at=spec.published_at)

    def _page(self, spec: ItemSpec) -> DisclosurePage:
        fields = {
            "title": spec.title,
            "slug": spec.slug,
            "published_at": spec.published_at,
            "publisher": self.organisations[spec.publisher],
            "genre": self.taxonomy.genre(spec.genre),
            "topic": self.taxonomy.topic(spec.topic),
            "source": spec.source,
            "document_number": spec.document_number,
            "written_on": spec.written_on,
            "validity": spec.validity,
            "keywords": spec.keywords,
            "body": paragraph_blocks(self._paragraphs(spec)),
        }
        if spec.kind == INTERPRETATION:
            return InterpretationPage(
                kind=spec.interpretation_kind,
                interprets=[self._interpreted(spec)],
                **fields,
            )
        return ArticlePage(**fields)

    def _paragraphs(self, spec: ItemSpec) -> list[str]:
        return [*spec.lead, *(self.corpus[i] for i in spec.corpus_ids), *spec.closing]

    def _interpreted(self, spec: ItemSpec) -> DisclosurePage:
        target = self.specs_by_slug[spec.interprets]
        column = self.columns[target.column]
        return DisclosurePage.objects.child_of(column).get(slug=target.slug)
