from collections import Counter

from django.test import SimpleTestCase, TestCase

from gongkai.catalog.models import Genre, Topic
from gongkai.core.organisation_codes import validate_code_for_kind
from gongkai.demo.builder import DEFAULT_ITEM_COUNT
from gongkai.demo.columns import COLUMN_TREE, ColumnSpec
from gongkai.demo.items import plan_items
from gongkai.demo.organisations import ORGANISATIONS
from gongkai.demo.planner import INTERPRETATION
from gongkai.demo.sources import load_corpus

CORPUS = [paragraph.text for paragraph in load_corpus()]


def column_paths(specs: tuple[ColumnSpec, ...], prefix: str = "") -> set[str]:
    paths = set()
    for spec in specs:
        path = f"{prefix}{spec.slug}"
        paths |= {path} | column_paths(spec.children, f"{path}/")
    return paths


class PlanItemsTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = plan_items(count=DEFAULT_ITEM_COUNT, corpus=CORPUS)

    def test_plan_is_deterministic_and_prefix_stable(self):
        """The same plan comes out every time, and a smaller plan is its beginning."""
        self.assertEqual(plan_items(count=DEFAULT_ITEM_COUNT, corpus=CORPUS), self.plan)
        self.assertEqual(plan_items(count=30, corpus=CORPUS), self.plan[:30])

    def test_default_plan_spans_all_years_and_organisations(self):
        """The default demo covers 2019–2025 and every organisation publishes."""
        years = {spec.published_at.year for spec in self.plan}
        self.assertEqual(years, set(range(2019, 2026)))
        self.assertEqual(
            {spec.publisher for spec in self.plan}, {org.key for org in ORGANISATIONS}
        )

    def test_items_go_to_columns_of_the_tree_and_reach_every_leaf(self):
        """Every planned column exists, and every leaf column gets items."""
        paths = column_paths(COLUMN_TREE)
        used = Counter(spec.column for spec in self.plan)
        self.assertLessEqual(set(used), paths)
        leaves = {
            path for path in paths if not any(p.startswith(f"{path}/") for p in paths)
        }
        self.assertEqual(leaves - set(used), set())

    def test_titles_and_slugs_are_unique(self):
        """No two items share a title or a slug."""
        self.assertEqual(len({spec.title for spec in self.plan}), len(self.plan))
        self.assertEqual(len({spec.slug for spec in self.plan}), len(self.plan))

    def test_interpretations_follow_the_documents_they_interpret(self):
        """A 解读 links to an earlier planned 规范性文件 and is published after it."""
        by_slug = {spec.slug: spec for spec in self.plan}
        interpretations = [spec for spec in self.plan if spec.kind == INTERPRETATION]
        self.assertGreater(len(interpretations), 10)
        for spec in interpretations:
            with self.subTest(title=spec.title):
                document = by_slug[spec.interprets]
                self.assertLess(document.number, spec.number)
                self.assertGreater(spec.published_at, document.published_at)
                self.assertTrue(document.document_number)

    def test_bodies_have_three_to_six_corpus_paragraphs_or_written_text(self):
        """Bodies draw 2–6 real paragraphs from the corpus, or are written in full."""
        for spec in self.plan:
            with self.subTest(title=spec.title):
                self.assertLessEqual(len(spec.corpus_ids), 6)
                self.assertGreaterEqual(
                    len(spec.lead) + len(spec.corpus_ids) + len(spec.closing), 3
                )

    def test_organisation_codes_pass_the_validators(self):
        """Real and demo codes alike have correct check characters."""
        for org in ORGANISATIONS:
            with self.subTest(org=org.name):
                validate_code_for_kind(org.code, org.kind)


class PlanTaxonomyTests(TestCase):
    def test_planned_genres_and_topics_are_preloaded(self):
        """Every genre and topic the plan uses exists in the migrated taxonomies."""
        plan = plan_items(count=DEFAULT_ITEM_COUNT, corpus=CORPUS)
        genres = set(Genre.objects.values_list("name", flat=True))
        topics = set(
            Topic.objects.filter(parent__isnull=False).values_list(
                "parent__name", "name"
            )
        )
        self.assertLessEqual({spec.genre for spec in plan}, genres)
        self.assertLessEqual({spec.topic for spec in plan if spec.topic}, topics)
