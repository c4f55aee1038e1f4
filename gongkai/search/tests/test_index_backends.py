"""The text index's vendor backends: chosen once, complete, and the only place that
knows the vendor; the Wagtail backends' reuse of modelsearch's add_items."""

import ast
from pathlib import Path
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import SimpleTestCase

from gongkai.search import index_backends, index_store
from gongkai.search.backends.database import with_indexer
from gongkai.search.index_backends.base import IndexBackend, Sample
from gongkai.search.index_backends.postgres import PostgresIndex
from gongkai.search.index_backends.sqlite import FACET_INDEX, SQLiteIndex

SEARCH = Path(index_store.__file__).resolve().parent


class ChoiceTests(SimpleTestCase):
    def setUp(self):
        index_store.reset_backend()
        self.addCleanup(index_store.reset_backend)

    def test_the_backend_of_the_connection_s_vendor_is_chosen_once(self):
        chosen = index_store.backend()
        self.assertEqual(chosen.vendor, connection.vendor)
        self.assertIs(index_store.backend(), chosen)
        index_store.reset_backend()
        self.assertIsNot(index_store.backend(), chosen)

    def test_the_vendor_is_read_only_when_choosing(self):
        chosen = index_store.backend()
        with mock.patch.object(connection, "vendor", "oracle"):
            self.assertIs(index_store.backend(), chosen)
            index_store.reset_backend()
            with self.assertRaisesMessage(ImproperlyConfigured, "'oracle'"):
                index_store.backend()

    def test_each_vendor_has_a_complete_backend(self):
        self.assertIsInstance(index_backends.for_vendor("sqlite"), SQLiteIndex)
        self.assertIsInstance(index_backends.for_vendor("postgresql"), PostgresIndex)
        for backend in index_backends.BACKENDS.values():
            self.assertFalse(getattr(backend, "__abstractmethods__", None))
            self.assertTrue(issubclass(backend, IndexBackend))

    def test_no_module_outside_the_backends_asks_for_the_vendor(self):
        """Every vendor difference of the public search lives in index_backends/;
        index_store reads the vendor once to choose (the Wagtail admin's backends
        in backends/ and the migrations have their own)."""
        for path in sorted(SEARCH.glob("*.py")):
            if path.name == "index_store.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {
                node.attr if isinstance(node, ast.Attribute) else node.id
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute | ast.Name)
            }
            with self.subTest(module=path.name):
                self.assertNotIn("vendor", names)
                self.assertNotIn("is_postgres", names)


class SampleTests(SimpleTestCase):
    def test_counts_are_scaled_by_the_share_and_never_below_one(self):
        sample = Sample(share=0.1, size=1_000)
        self.assertEqual(
            sample.scaled({"total": [(0, 42)], "year": [(2023, 7), (2024, 0)]}),
            {"total": [(0, 420)], "year": [(2023, 70), (2024, 1)]},
        )

    def test_the_tail_s_share_is_its_part_of_the_sample_s_share(self):
        sample = Sample(share=0.1, size=1_000, tail=(901, 1_000), tail_size=250)
        self.assertAlmostEqual(sample.tail_share, 0.025)


class VendorRuleTests(SimpleTestCase):
    """The rules that differ by vendor, without a database."""

    def test_only_postgres_limits_the_matches_it_scores(self):
        self.assertTrue(SQLiteIndex().scores_every_match(None))
        self.assertTrue(SQLiteIndex().scores_every_match(10**9))
        self.assertFalse(PostgresIndex().scores_every_match(None))
        self.assertTrue(PostgresIndex().scores_every_match(1_000))
        self.assertFalse(PostgresIndex().scores_every_match(1_001))

    def test_sqlite_counts_text_matches_through_the_facet_index(self):
        sql = 'SELECT page_id FROM "search_searchdocument" WHERE page_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)'
        rewritten = SQLiteIndex().counting_sql(sql)
        self.assertIn(
            f'FROM "search_searchdocument" INDEXED BY {FACET_INDEX}', rewritten
        )
        self.assertEqual(rewritten.count("INDEXED BY"), 1)
        plain = 'SELECT page_id FROM "search_searchdocument" WHERE year = %s'
        self.assertEqual(SQLiteIndex().counting_sql(plain), plain)
        self.assertEqual(PostgresIndex().counting_sql(sql), sql)

    def test_postgres_scores_with_the_expression_itself(self):
        def no_sample():
            raise AssertionError("PostgreSQL needs no sample to score")

        self.assertEqual(
            PostgresIndex().scoring_expression(
                mock.Mock(), title_only=False, sample=no_sample
            ),
            "",
        )

    def test_sqlite_asks_for_the_sample_only_for_several_words(self):
        one_word = mock.Mock(several_words=False)
        sample = mock.Mock(return_value=None)
        self.assertEqual(
            SQLiteIndex().scoring_expression(one_word, title_only=False, sample=sample),
            "",
        )
        sample.assert_not_called()
        SQLiteIndex().scoring_expression(
            mock.Mock(several_words=True), title_only=False, sample=sample
        )
        sample.assert_called_once()


ObjectIndexer = (
    list  # read by _add_items below as modelsearch's add_items reads its own
)


def _add_items(objs):
    return [ObjectIndexer(obj) for obj in objs]


def _no_indexer(objs):
    return objs


class WithIndexerTests(SimpleTestCase):
    def test_the_function_reads_the_given_indexer_and_its_module_is_untouched(self):
        rebound = with_indexer(_add_items, tuple)
        self.assertEqual(rebound(["ab"]), [("a", "b")])
        self.assertEqual(_add_items(["ab"]), [["a", "b"]])
        self.assertIs(ObjectIndexer, list)

    def test_a_function_that_reads_no_indexer_is_refused(self):
        with self.assertRaisesMessage(ImportError, "no longer reads ObjectIndexer"):
            with_indexer(_no_indexer, tuple)

    def test_the_chinese_index_runs_modelsearch_s_code_with_its_indexer(self):
        # modelsearch's backend modules load their vendor's models at import: only
        # the connection's own can be imported.
        if connection.vendor == "postgresql":
            from modelsearch.backends.database.postgres import postgres as stock
            from modelsearch.backends.database.postgres.postgres import PostgresIndex

            from gongkai.search.backends import postgres as chinese

            pairs = [(chinese.ChinesePostgresIndex, PostgresIndex)]
        else:
            from modelsearch.backends.database.sqlite import sqlite as stock
            from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex

            from gongkai.search.backends import sqlite as chinese

            pairs = [(chinese.ChineseSQLiteIndex, SQLiteIndex)]
        for ours, theirs in pairs:
            self.assertIs(ours.add_items.__code__, theirs.add_items.__code__)
            self.assertIs(
                ours.add_items.__globals__["ObjectIndexer"],
                chinese.SegmentingObjectIndexer,
            )
            self.assertIsNot(stock.ObjectIndexer, chinese.SegmentingObjectIndexer)
