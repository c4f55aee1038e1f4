"""What the search page, the JSON API and the catalog table add to the engine.

Baseline, measured in the same run: the engine alone (`search_items`) for the same
query. The pages add parsing, hot/related terms, facet links and template rendering;
the figure that matters is the ratio page / engine.

    GONGKAI_DATA_DIR=/tmp/gk-bench-pages .venv/bin/python bench/search_pages/bench_pages.py [--items 3000]

Items are paragraphs of the shared government work reports corpus (title: the topic
sentence), built once into the data dir's own database and reused on later runs.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "government_work_reports.jsonl"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gk-bench-pages")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.test")


def paragraphs(count: int) -> list[tuple[str, str]]:
    found = []
    for line in CORPUS.open(encoding="utf-8"):
        for para in json.loads(line)["content"].split("\n"):
            head, _, rest = para.strip().partition("。")
            if 6 <= len(head) <= 30 and 120 <= len(rest) <= 1500:
                found.append((head, rest))
    random.seed(11)
    random.shuffle(found)
    # Past the corpus size, paragraphs repeat (the engine's own bench covers scale).
    return [found[n % len(found)] for n in range(count)]


def build_site(count: int) -> None:
    """A home, a list column, a catalog column with two sub-columns, `count` items."""
    from wagtail.models import Page, Site

    from gongkai.catalog.models import ArticlePage, Genre
    from gongkai.columns.models import ColumnPage, HomePage
    from gongkai.core.enums import ColumnListMode, OrganisationKind
    from gongkai.core.models import Organisation
    from gongkai.search.indexing import rebuild_index

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="金东区人民政府", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    news = home.add_child(instance=ColumnPage(title="新闻动态", slug="xwdt"))
    catalog = home.add_child(
        instance=ColumnPage(
            title="法定主动公开内容", slug="fdzdgknr", list_mode=ColumnListMode.CATALOG
        )
    )
    subs = [
        catalog.add_child(instance=ColumnPage(title=t, slug=s))
        for t, s in (("规章和规范性文件", "gz"), ("财政预决算", "cz"))
    ]
    orgs = [
        Organisation.objects.create(
            name=name, kind=OrganisationKind.DEPARTMENT, code=f"BENCH{n:04d}"
        )
        for n, name in enumerate(
            ["金东区人民政府办公室", "金东区财政局", "金东区教育局"]
        )
    ]
    genres = list(Genre.objects.all()[:6])
    tz = ZoneInfo("Asia/Shanghai")
    parents = [news, *subs]
    for n, (title, body) in enumerate(paragraphs(count)):
        published = datetime.datetime(
            2019 + n % 7, 1 + n % 12, 1 + n % 28, 9, tzinfo=tz
        )
        parents[n % 3].add_child(
            instance=ArticlePage(
                title=title,
                slug=f"item-{n}",
                publisher=orgs[n % 3],
                genre=genres[n % len(genres)] if genres else None,
                summary=body[:200],
                published_at=published,
                first_published_at=published,
                index_number=f"330703000000/{published.year}-{n:06d}",
                document_number=f"金东政发〔{published.year}〕{n}号"
                if n % 10 == 0
                else "",
            )
        )
        if n and n % 500 == 0:
            print(f"  {n} items", flush=True)
    print(f"  indexed {rebuild_index()} items", flush=True)


def timed(call, *args, **kwargs) -> float:
    start = time.perf_counter()
    call(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def summary(
    name: str, samples: list[float], baseline: list[float] | None = None
) -> str:
    p50 = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    line = f"{name:<34} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms"
    if baseline:
        line += f"   x{p50 / statistics.median(baseline):.2f} of the engine"
    return line


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.catalog.models import DisclosurePage
    from gongkai.columns.models import ColumnPage
    from gongkai.search.results import SearchQuery, SortOrder
    from gongkai.search.selectors import search_items

    call_command("migrate", verbosity=0)
    if not DisclosurePage.objects.exists():
        print(f"building {options.items} items (once) ...", flush=True)
        build_site(options.items)
    items = DisclosurePage.objects.count()
    catalog = ColumnPage.objects.get(slug="fdzdgknr")
    titles = list(DisclosurePage.objects.values_list("title", flat=True)[:500])
    random.seed(5)
    words = []
    for title in random.sample(titles, min(options.queries, len(titles))):
        start = random.randrange(max(len(title) - 4, 1))
        words.append(title[start : start + random.choice((2, 2, 3, 4))])

    # A reader's browser: its searches are counted for the hot terms (a write per search).
    client = Client(
        headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/138.0"}
    )
    series: dict[str, list[float]] = {
        k: [] for k in ("engine", "page", "api", "cat_engine", "cat_page")
    }
    for _ in range(options.repeats):
        for word in words:
            series["engine"].append(timed(search_items, query=SearchQuery(text=word)))
            series["page"].append(timed(client.get, "/search/", {"q": word}))
            series["api"].append(timed(client.get, "/api/search/", {"q": word}))
            page = 1 + len(series["cat_page"]) % 5
            series["cat_engine"].append(
                timed(
                    search_items,
                    query=SearchQuery(
                        scope_page_id=catalog.pk,
                        sort=SortOrder.NEWEST,
                        title_only=True,
                        page=page,
                    ),
                )
            )
            series["cat_page"].append(
                timed(client.get, f"/search/catalog/{catalog.pk}/", {"page": page})
            )
    exports = [
        timed(client.get, f"/search/catalog/{catalog.pk}/export.csv") for _ in range(3)
    ]
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": words[0]})
    with CaptureQueriesContext(connection) as engine_queries:
        search_items(query=SearchQuery(text=words[0]))

    print(
        f"\n{connection.vendor}, {items} items, {len(words)} queries x {options.repeats}, "
        f"{datetime.datetime.now(tz=ZoneInfo('Asia/Shanghai')).date()}"
    )
    print(summary("engine: search_items (baseline)", series["engine"]))
    print(summary("search page /search/", series["page"], series["engine"]))
    print(summary("JSON API /api/search/", series["api"], series["engine"]))
    print(summary("catalog engine (no words)", series["cat_engine"]))
    print(
        summary(
            "catalog page /search/catalog/", series["cat_page"], series["cat_engine"]
        )
    )
    print(f"{'catalog CSV, all rows':<34} p50 {statistics.median(exports):7.0f} ms")
    print(f"SQL queries: page {len(queries)}, engine {len(engine_queries)}")


if __name__ == "__main__":
    main()
