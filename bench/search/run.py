"""Search benchmark: index build rate, index size, query latency with facets.

    GONGKAI_DATA_DIR=/tmp/gk-bench .venv/bin/python bench/search/run.py --items 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench .venv/bin/python bench/search/run.py --items 100000

Engines, all on the same generated items (bench/search/corpus.py), in one run:
- gongkai: SearchDocument + segmented FTS5 / tsvector, queried through search_items()
  (query understanding, top 20, the five facets);
- stock: what Wagtail's database backend does with Chinese -- unsegmented text in FTS5
  (unicode61) / to_tsvector('simple'), terms AND-ed, bm25/ts_rank top 20, same facets;
- trigram: FTS5 trigram tokenizer / pg_trgm GIN, each term a LIKE/ILIKE '%term%',
  newest first, same facets.
Rows are generated and written directly (no page.save). Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.dev")

import django

django.setup()

import corpus  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.expressions import RawSQL  # noqa: E402
from django.utils import timezone  # noqa: E402

from gongkai.search import analysis, index_store  # noqa: E402
from gongkai.search.indexing import _record_vocabulary, analyse  # noqa: E402
from gongkai.search.models import SearchDocument, SearchTerm  # noqa: E402
from gongkai.search.normalisation import normalise  # noqa: E402
from gongkai.search.results import SearchQuery  # noqa: E402
from gongkai.search.selectors import FACET_FIELDS, search_items  # noqa: E402

BATCH = 1000
PG = connection.vendor == "postgresql"


def execute(sql: str, params: list | None = None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall() if cursor.description else []


def reset_tables() -> None:
    for sql in ("DROP TABLE IF EXISTS bench_stock", "DROP TABLE IF EXISTS bench_trgm"):
        execute(sql)
    index_store.clear_texts()
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    for table in BASELINE_TABLES.values():
        create_baseline_table(table)


BASELINE_TABLES = {"stock": "bench_stock", "trigram": "bench_trgm"}


def create_baseline_table(table: str) -> None:
    if PG:
        execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        columns = (
            "vector tsvector" if table == "bench_stock" else "title text, body text"
        )
        execute(f"CREATE TABLE {table} (page_id int PRIMARY KEY, {columns})")
    else:
        tokenizer = ", tokenize='trigram'" if table == "bench_trgm" else ""
        execute(f"CREATE VIRTUAL TABLE {table} USING fts5(title, body{tokenizer})")


def build_ours(items: list[corpus.Item]) -> float:
    segmenter = analysis.get_segmenter()
    known_words: set[str] = set()
    started = time.perf_counter()
    with index_store.bulk_load():  # as `gongkai search rebuild` does
        _build_ours(items, segmenter, known_words)
    analysis.reset()
    return time.perf_counter() - started


def _build_ours(
    items: list[corpus.Item], segmenter: analysis.Segmenter, known_words: set[str]
) -> None:
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        texts = [analyse(i.page_id, i.title, i.body, segmenter) for i in batch]
        with transaction.atomic():
            SearchDocument.objects.bulk_create(
                [
                    SearchDocument(
                        page_id=i.page_id,
                        path=f"0001{i.page_id:08d}",
                        title=i.title,
                        body_text=i.body,
                        column_id=i.column_id,
                        genre_id=i.genre_id,
                        topic_id=i.topic_id,
                        publisher_id=i.publisher_id,
                        year=i.year,
                        published_at=timezone.make_aware(
                            timezone.datetime(
                                i.year, 1 + i.page_id % 12, 1 + i.page_id % 28
                            )
                        ),
                    )
                    for i in batch
                ],
                batch_size=500,
            )
            index_store.write_texts(texts)
            _record_vocabulary(texts, known_words)


def build_baseline(items: list[corpus.Item], table: str) -> float:
    started = time.perf_counter()
    for start in range(0, len(items), BATCH):
        rows = [
            (i.page_id, normalise(i.title), normalise(i.body))
            for i in items[start : start + BATCH]
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            if PG and table == "bench_stock":
                cursor.executemany(
                    "INSERT INTO bench_stock VALUES (%s, setweight(to_tsvector('simple', %s), 'A')"
                    " || setweight(to_tsvector('simple', %s), 'B'))",
                    rows,
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {table} (rowid, title, body) VALUES (%s, %s, %s)"
                    if not PG
                    else f"INSERT INTO {table} VALUES (%s, %s, %s)",
                    rows,
                )
    if PG:
        if table == "bench_stock":
            execute("CREATE INDEX bench_stock_gin ON bench_stock USING gin (vector)")
        else:
            execute(
                "CREATE INDEX bench_trgm_title ON bench_trgm USING gin (title gin_trgm_ops)"
            )
            execute(
                "CREATE INDEX bench_trgm_body ON bench_trgm USING gin (body gin_trgm_ops)"
            )
        execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def sizes() -> dict[str, int]:
    if PG:

        def rel(name: str) -> int:
            return execute("SELECT pg_total_relation_size(%s)", [name])[0][0]

        return {
            "gongkai": rel("search_searchdocument"),
            "stock": rel("bench_stock"),
            "trigram": rel("bench_trgm"),
            "gongkai text indexes (GIN)": execute(
                "SELECT pg_relation_size('search_document_vector_gin')"
                " + pg_relation_size('search_document_title_vector_gin')"
            )[0][0],
        }
    rows = dict(execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))

    def prefix(p: str) -> int:
        return sum(v for k, v in rows.items() if k.startswith(p))

    return {
        "gongkai": prefix("search_fts") + prefix("search_searchdocument"),
        "stock": prefix("bench_stock"),
        "trigram": prefix("bench_trgm"),
        "gongkai text index (FTS5)": prefix("search_fts"),
    }


def facets_and_hits(matching: Callable, order: Callable) -> int:
    base = matching(SearchDocument.objects.all())
    total = base.count()
    list(order(base)[:20])
    for field in FACET_FIELDS.values():
        list(
            matching(SearchDocument.objects.all())
            .values_list(field)
            .annotate(n=Count("pk"))
            .order_by("-n")[:50]
        )
    return total


def stock_query(text: str) -> int:
    terms = [t for t in normalise(text).replace('"', " ").split() if t]
    if not terms:
        return 0
    if PG:
        expr = " & ".join(
            "'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms
        )
        where = "page_id IN (SELECT page_id FROM bench_stock WHERE vector @@ to_tsquery('simple', %s))"
        order_sql = "(SELECT ts_rank(vector, to_tsquery('simple', %s)) FROM bench_stock s WHERE s.page_id = search_searchdocument.page_id)"
    else:
        expr = " AND ".join('"' + t.replace('"', "") + '"' for t in terms)
        where = "page_id IN (SELECT rowid FROM bench_stock WHERE bench_stock MATCH %s)"
        order_sql = None

    def matching(qs):
        return qs.extra(where=[where], params=[expr])

    def order(qs):
        if PG:
            return qs.annotate(score=RawSQL(order_sql, [expr])).order_by("-score")
        return qs.extra(
            tables=["bench_stock"],
            where=[
                "bench_stock.rowid = search_searchdocument.page_id",
                "bench_stock MATCH %s",
            ],
            params=[expr],
            select={"s": "bm25(bench_stock, 10.0, 1.0)"},
        ).order_by("s")

    return facets_and_hits(matching, order)


def trigram_query(text: str) -> int:
    terms = [t for t in normalise(text).replace('"', " ").split() if t]
    if not terms:
        return 0
    op = "ILIKE" if PG else "LIKE"
    key = "page_id" if PG else "rowid"
    cond = " AND ".join(f"(title {op} %s OR body {op} %s)" for _ in terms)
    params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    where = f"page_id IN (SELECT {key} FROM bench_trgm WHERE {cond})"

    def matching(qs):
        return qs.extra(where=[where], params=params)

    return facets_and_hits(matching, lambda qs: qs.order_by("-published_at"))


def ours_query(text: str) -> int:
    return search_items(query=SearchQuery(text=text, per_page=20)).total


def latency(
    run: Callable[[str], int], queries: list[tuple[str, str]]
) -> tuple[float, float, dict[str, float], int]:
    for _, text in queries[:10]:
        run(text)  # warm caches
    times, by_kind, found = [], {}, 0
    for kind, text in queries:
        started = time.perf_counter()
        found += bool(run(text))
        elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return (
        statistics.median(times),
        p95,
        {k: statistics.median(v) for k, v in by_kind.items()},
        found,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--trigram-queries",
        type=int,
        default=100,
        help="the trigram baseline scans; run it on the first N queries only",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the tables of a previous run, only query",
    )
    parser.add_argument("--engines", default="gongkai,stock,trigram")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.vendor}; items: {args.items}; queries: {args.queries}"
    )
    if not args.reuse:
        build_all(args.items, args.engines.split(","))
    else:
        build_missing_baselines(args.engines.split(","))
    for name, size in sizes().items():
        print(f"size {name}: {size / 1e6:,.1f} MB")
    query_all(args)
    return 0


def build_all(count: int, engines: list[str]) -> None:
    started = time.perf_counter()
    items = list(corpus.generate(count))
    print(
        f"generated {len(items)} items, {sum(len(i.body) for i in items) / len(items):.0f} chars each, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    reset_tables()
    builders = {
        "gongkai": lambda: build_ours(items),
        "stock": lambda: build_baseline(items, "bench_stock"),
        "trigram": lambda: build_baseline(items, "bench_trgm"),
    }
    builds = {name: builders[name]() for name in engines}
    started = time.perf_counter()
    if not PG:
        for name, table in (
            ("gongkai", "search_fts"),
            ("stock", "bench_stock"),
            ("trigram", "bench_trgm"),
        ):
            if name in builds:
                execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    else:
        # Each document is inserted, then its vectors written by an UPDATE (as
        # indexing.index_items does): vacuum the dead rows before measuring.
        execute("VACUUM ANALYZE search_searchdocument")
    for name, seconds in builds.items():
        print(f"build {name}: {len(items) / seconds:,.0f} items/s ({seconds:.1f} s)")
    print(
        f"after the builds ({'VACUUM ANALYZE' if PG else 'FTS5 optimize'}): {time.perf_counter() - started:.1f} s"
    )


def build_missing_baselines(engines: list[str]) -> None:
    """With --reuse: build a baseline the earlier run left out, on the same documents."""
    tables = set(connection.introspection.table_names())

    def empty(table: str) -> bool:
        return table not in tables or not execute(f"SELECT 1 FROM {table} LIMIT 1")

    missing = [
        (name, table)
        for name, table in BASELINE_TABLES.items()
        if name in engines and empty(table)
    ]
    if not missing:
        return
    documents = SearchDocument.objects.order_by("page_id").values_list(
        "page_id", "title", "body_text"
    )
    items = [
        corpus.Item(page_id, title, body, 0, 0, 0, 0, 0)
        for page_id, title, body in documents.iterator()
    ]
    for name, table in missing:
        execute(f"DROP TABLE IF EXISTS {table}")
        create_baseline_table(table)
        seconds = build_baseline(items, table)
        print(f"build {name}: {len(items) / seconds:,.0f} items/s ({seconds:.1f} s)")


def query_all(args: argparse.Namespace) -> None:
    queries = corpus.queries(args.queries)
    engines = {"gongkai": ours_query, "stock": stock_query, "trigram": trigram_query}
    results = {}
    for name in args.engines.split(","):
        run = engines[name]
        subset = queries[: args.trigram_queries] if name == "trigram" else queries
        p50, p95, kinds, found = latency(run, subset)
        results[name] = (p50, p95)
        print(
            f"query {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, queries with results {found}/{len(subset)}; "
            + ", ".join(f"{k} {v:.1f}" for k, v in sorted(kinds.items()))
        )
    if "stock" in results:
        base50, base95 = results["stock"]
        for name, (p50, p95) in results.items():
            print(
                f"ratio {name}/stock: p50 x{p50 / base50:.2f}, p95 x{p95 / base95:.2f}"
            )


if __name__ == "__main__":
    sys.exit(main())
