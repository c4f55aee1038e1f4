"""Full and incremental publish on a generated site, against Wagtail's own serve().

Baseline in this script: every page rendered one by one through Wagtail's serve view
(routing, hooks, page.serve), in one process; wagtail-bakery itself is compared in
bench_bakery.py (see docs/benchmarks/publishing.md).

    GONGKAI_DATA_DIR=/tmp/gk-bench .venv/bin/python bench/publishing/bench_publish.py \
        --items 10000 --columns 200 --big-column 10000 [--sample 600]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_site import BENCH_HOST, generate, setup_django


def baseline_serve(site, paths: list[str]) -> float:
    """Pages per second rendering `paths` one by one through wagtail.views.serve."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from wagtail.views import serve

    factory = RequestFactory()
    started = time.perf_counter()
    for path in paths:
        request = factory.get(path, HTTP_HOST=site.hostname)
        request.user = AnonymousUser()
        response = serve(request, path.lstrip("/"))
        if hasattr(response, "render"):
            response.render()
        assert response.status_code == 200, (path, response.status_code)  # noqa: S101
    return len(paths) / (time.perf_counter() - started)


def sample_paths(site, count: int) -> list[str]:
    from gongkai.publishing.targets import list_site_pages, page_targets

    paths = [
        t.url_path
        for page in list_site_pages(site)
        for t in page_targets(page, site)
        if t.kind == "page"
    ]
    step = max(1, len(paths) // count)
    return paths[::step][:count]


def incremental(site, column_id: int) -> dict:
    """Publish one new item into the big column the way an editor does, and wait until
    the background task (the demo's backend) has put every affected file on disk."""
    from gongkai.catalog.models import ArticlePage
    from gongkai.columns.column_pages import count_numbered_pages
    from gongkai.columns.models import ColumnPage
    from gongkai.core.models import Organisation
    from gongkai.core.task_backends import wait_for_background_tasks
    from gongkai.publishing import services

    column = ColumnPage.objects.get(pk=column_id)
    reports = []
    original = services.refresh_pages

    def recording(**kwargs):
        result = original(**kwargs)
        reports.extend(result)
        return result

    services.refresh_pages = recording
    try:
        item = column.add_child(
            instance=ArticlePage(
                title="基准测试新信息",
                slug=f"new-{time.time_ns()}",
                live=False,
                publisher=Organisation.objects.get(name="基准测试机构"),
            )
        )
        revision = item.save_revision()
        started = time.perf_counter()
        revision.publish()
        wait_for_background_tasks()
        seconds = time.perf_counter() - started
    finally:
        services.refresh_pages = original
    written = sum(len(r.written) for r in reports)
    removed = sum(len(r.removed) for r in reports)
    unchanged = sum(r.unchanged for r in reports)
    own = sum(r.seconds for r in reports)
    return {
        "seconds": seconds,
        "publishing_seconds": own,
        "written": written,
        "removed": removed,
        "unchanged": unchanged,
        "list_pages": count_numbered_pages(
            column.count_list_items(), column.items_per_page
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=2_000)
    parser.add_argument("--big-column", type=int, default=10_000)
    parser.add_argument(
        "--sample", type=int, default=600, help="pages rendered by the baseline"
    )
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--incremental-runs", type=int, default=3)
    options = parser.parse_args()
    os.environ.setdefault(
        "GONGKAI_PUBLISH_ROOT", tempfile.mkdtemp(prefix="gk-bench-publish-")
    )
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Site

    from gongkai.publishing.services import publish_site

    call_command("migrate", verbosity=0)
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    created = generate(options.items, options.columns, options.big_column)
    site = Site.objects.select_related("root_page").get(hostname=BENCH_HOST)
    print(f"[{db}] load average at start {os.getloadavg()}")
    paths = sample_paths(site, options.sample)
    runs = [baseline_serve(site, paths[i::3]) for i in range(3)]
    base = statistics.median(runs)
    print(
        f"[{db}] baseline wagtail serve(), 1 process: median {base:.1f} pages/s over {len(paths)} pages"
    )
    report = publish_site(site=site, processes=options.processes)
    rate = report.pages / report.seconds
    print(
        f"[{db}] full publish, {options.processes} processes: {report.pages} pages, {len(report.written)} files, "
        f"{len(report.failures)} failures, {report.seconds:.1f} s, {rate:.1f} pages/s = {rate / base:.2f}x baseline"
    )
    results = []
    for _ in range(options.incremental_runs):
        result = incremental(site, created["big_column"])
        results.append(result)
        print(
            f"[{db}] incremental, one new item in a column of {options.big_column} items "
            f"({result['list_pages']} list pages): {result['seconds']:.2f} s from publish() to files on disk "
            f"({result['publishing_seconds']:.2f} s publishing task); files written {result['written']}, "
            f"removed {result['removed']}, rendered unchanged {result['unchanged']}"
        )
    print(
        f"[{db}] incremental median of {len(results)}: "
        f"{statistics.median(r['seconds'] for r in results):.2f} s; load average {os.getloadavg()}"
    )


if __name__ == "__main__":
    main()
