"""`gongkai import` of a generated Hanweb or TRS portal of N items (default 10,000) from
a mirror folder, against two baselines in the same run: (a) merely reading and parsing
every item page of the mirror with the layout (no database), (b) creating the first
--baseline-items items directly through the catalog (ArticlePage + import_index_number +
publish, no fetching or parsing, no files).

    GONGKAI_DATA_DIR=/tmp/gk-bench-import .venv/bin/python bench/import/bench_import.py --items 10000 --layout trs

A fresh SQLite database in GONGKAI_DATA_DIR (PostgreSQL with DATABASE_URL). Prints the
total and per-item time (median over batches of 500) of: the first import, the second
(unchanged) run, and the baselines; and the ratios import / baseline.
"""

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
BATCH = 500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--layout", choices=("hanweb", "trs"), default="hanweb")
    parser.add_argument(
        "--baseline-items",
        type=int,
        default=0,
        help="items created directly through the catalog (default: all)",
    )
    parser.add_argument(
        "--mirror",
        help="import this already written mirror of the same --items/--layout plan "
        "(skips writing it again)",
    )
    options = parser.parse_args()
    os.environ.setdefault(
        "GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gk-bench-import-")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.db import transaction
    from wagtail.models import Page, Site

    from gongkai.catalog.models import ArticlePage, Genre, Topic
    from gongkai.catalog.services import import_index_number
    from gongkai.columns.models import ColumnPage, HomePage
    from gongkai.core.models import Organisation
    from gongkai.portal_import.fixture_sites import Publisher, plan_site, write_site
    from gongkai.portal_import.layouts import LAYOUTS
    from gongkai.portal_import.services import import_portal
    from gongkai.portal_import.sources import FolderSource

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="基准站点", slug=f"bench-{int(time.time())}")
    )
    site = Site.objects.create(
        hostname="bench.invalid", root_page=home, site_name="基准站点"
    )
    government = Organisation.objects.create(
        name="金东区人民政府",
        kind="government",
        code="330703000000",
        serial_width=6,
        root_page=home,
    )
    baseline_org = Organisation.objects.create(
        name="基准机构", kind="government", code="330703999000", serial_width=6
    )
    genres = list(Genre.objects.values_list("name", flat=True)[:6])
    topics = [
        str(t)
        for t in Topic.objects.filter(parent__isnull=False).select_related("parent")[:6]
    ]
    plan = plan_site(
        layout=options.layout,
        count=options.items,
        publishers=[Publisher(government.name, government.code)],
        genres=genres,
        topics=topics,
    )
    if options.mirror:
        folder = Path(options.mirror)
    else:
        folder = Path(tempfile.mkdtemp(prefix="gk-bench-mirror-"))
        write_site(plan, folder)
    print(
        f"layout {options.layout}, items {options.items}, mirror {folder}, "
        f"database {django.db.connection.vendor}",
        flush=True,
    )

    stamps: list[float] = []

    def progress(message: str) -> None:
        if message.startswith("进度"):
            stamps.append(time.perf_counter())
            if len(stamps) % (BATCH // 50) == 0:
                print(f"  {time.perf_counter() - started:.1f} s {message}", flush=True)
        else:
            print(f"  {time.perf_counter() - started:.1f} s {message}", flush=True)

    def per_item(stamps: list[float], started: float) -> float:
        # Progress comes every 50 items: group into batches of BATCH items.
        points = [started, *stamps[BATCH // 50 - 1 :: BATCH // 50]]
        return (
            statistics.median(b - a for a, b in itertools.pairwise(points)) / BATCH
            if len(points) > 1
            else 0.0
        )

    results = {}
    for run in ("first", "second"):
        stamps.clear()
        started = time.perf_counter()
        import_portal(
            source=FolderSource(str(folder)),
            layout=LAYOUTS[options.layout](),
            site=site,
            progress=progress,
        )
        total = time.perf_counter() - started
        results[run] = (total, per_item(stamps, started))
        print(
            f"import {run} run: {total:.1f} s, median {results[run][1] * 1000:.1f} ms/item",
            flush=True,
        )

    # Baseline (a): read and parse every item page, nothing else.
    layout = LAYOUTS[options.layout]()
    started = time.perf_counter()
    for item in plan.items:
        data = (folder / item.path.lstrip("/")).read_bytes()
        layout.parse_item(item.path, f"http://mirror.invalid{item.path}", data)
    parse_total = time.perf_counter() - started
    print(
        f"baseline read+parse only: {parse_total:.1f} s, "
        f"{parse_total / len(plan.items) * 1000:.1f} ms/item",
        flush=True,
    )

    column = home.add_child(instance=ColumnPage(title="基准栏目", slug="baseline"))
    times = []
    baseline_items = plan.items[: options.baseline_items or len(plan.items)]
    started = time.perf_counter()
    batch_started = started
    for n, item in enumerate(baseline_items, start=1):
        with transaction.atomic():
            page = ArticlePage(
                title=item.title,
                slug=f"b-{item.legacy_id}",
                live=False,
                publisher=baseline_org,
                published_at=item.published_at,
                source=item.source,
                document_number=item.document_number,
                written_on=item.written_on,
                byline=item.byline,
                body=[
                    {"type": "paragraph", "value": f"<p>{text}</p>"}
                    for text in item.paragraphs
                ],
            )
            column.add_child(instance=page)
            import_index_number(
                page=page,
                number=item.index_number.replace(government.code, baseline_org.code),
            )
            page.save_revision(clean=False, log_action=False).publish(log_action=False)
        if n % BATCH == 0:
            print(f"  baseline {n}/{len(baseline_items)}", flush=True)
            now = time.perf_counter()
            times.append((now - batch_started) / BATCH)
            batch_started = now
    total = time.perf_counter() - started
    median = statistics.median(times) if times else total / max(len(baseline_items), 1)
    print(
        f"baseline (catalog directly, {len(baseline_items)} items): {total:.1f} s, "
        f"median {median * 1000:.1f} ms/item",
        flush=True,
    )
    print(
        f"ratio per item (median) first import / catalog baseline: "
        f"{results['first'][1] / median:.2f}; first import / read+parse: "
        f"{results['first'][0] / parse_total:.2f}; second run / read+parse: "
        f"{results['second'][0] / parse_total:.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
