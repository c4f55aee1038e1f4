"""End to end (issue #17): one generated site, published and inspected with the real
commands, then one change published and inspected incrementally.

    generate_site.py -> gongkai publish --site bench.local
      -> baselines: find + cat of the published HTML files; one query reading every live page
      -> gongkai inspect --site bench.local --store                (full)
      -> one item's title changed and published as an editor publishes it
         (save_revision().publish(); the background task refreshes its files)
      -> gongkai inspect --site bench.local --store --incremental

Each `gongkai` command runs as its own process under /usr/bin/time -v (wall time, peak
memory, exit status); the load average (`os.getloadavg`) is printed around every step.
`gongkai inspect` exits 1 when it finds a 单项否决 item, which is a result, not a failure
of the run. The database and the tree are kept ($GONGKAI_DATA_DIR, $GONGKAI_PUBLISH_ROOT):
`--skip-generate` reuses the site, `--skip-publish` also its published tree.

    GONGKAI_DATA_DIR=/tmp/gk-e2e GONGKAI_PUBLISH_ROOT=/tmp/gk-e2e/publish nice -n 5 \\
        .venv/bin/python -u bench/inspection/bench_end_to_end.py --items 100000 --columns 2000
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(
    0,
    os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "publishing"
    ),
)
from generate_site import BENCH_HOST, generate, setup_django

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed_command(label: str, *args: str) -> dict:
    """Run `gongkai *args` under /usr/bin/time -v; print and return its figures."""
    print(
        f"[{time.strftime('%H:%M:%S', time.gmtime())}] {label}: gongkai {' '.join(args)}; load {load()}"
    )
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own console script
        ["/usr/bin/time", "-v", GONGKAI, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    stats = dict(
        line.strip().rsplit(": ", 1)
        for line in done.stderr.splitlines()
        if line.startswith("\t") and ": " in line
    )
    figures = {
        "seconds": seconds,
        "wall": stats.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "?"),
        "max_rss_mb": int(stats.get("Maximum resident set size (kbytes)", "0")) / 1024,
        "user": stats.get("User time (seconds)", "?"),
        "system": stats.get("System time (seconds)", "?"),
        "exit": done.returncode,
    }
    last = [line for line in done.stdout.splitlines() if line.strip()][-3:]
    errors = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and not line.startswith("\t")
    ][-3:]
    print(
        f"[{time.strftime('%H:%M:%S', time.gmtime())}] {label}: {seconds:.1f} s wall "
        f"(user {figures['user']} s, system {figures['system']} s), "
        f"peak {figures['max_rss_mb']:.0f} MB, exit {figures['exit']}; load {load()}"
    )
    for line in last + errors:
        print(f"    {line}")
    return figures


def baseline_read_tree(tree: Path) -> tuple[float, int, int]:
    """find + cat of every published HTML file: the least a tree pass must do."""
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S602 - a fixed pipeline over our own tree
        f"find {tree}/ -type f -name '*.html' -print0 | xargs -0 cat | wc -c",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    listed = subprocess.run(  # noqa: S602 - same (after the timing)
        f"find {tree}/ -type f -name '*.html' | wc -l",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    )
    return seconds, int(listed.stdout), int(done.stdout)


def baseline_read_pages(site) -> tuple[float, int]:
    """One query reading every live page's id, title and URL path."""
    from wagtail.models import Page

    started = time.perf_counter()
    rows = list(
        Page.objects.live()
        .descendant_of(site.root_page, inclusive=True)
        .values_list("id", "title", "url_path")
    )
    return time.perf_counter() - started, len(rows)


def publish_one_change(site) -> dict:
    """Change one item's title and publish it as an editor does; wait for its files."""
    from gongkai.catalog.models import DisclosurePage
    from gongkai.core.task_backends import wait_for_background_tasks
    from gongkai.publishing import services

    item = (
        DisclosurePage.objects.live()
        .descendant_of(site.root_page)
        .order_by("path")[DisclosurePage.objects.count() // 2]
        .specific
    )
    reports = []
    original = services.refresh_pages

    def recording(**kwargs):
        result = original(**kwargs)
        reports.extend(result)
        return result

    services.refresh_pages = recording
    try:
        item.title = f"基准信息（修改于{time.strftime('%H:%M:%S', time.gmtime())}）"
        revision = item.save_revision()
        started = time.perf_counter()
        revision.publish()
        wait_for_background_tasks()
        seconds = time.perf_counter() - started
    finally:
        services.refresh_pages = original
    return {
        "item": item.url_path,
        "seconds": seconds,
        "written": sum(len(r.written) for r in reports),
        "removed": sum(len(r.removed) for r in reports),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=2_000)
    parser.add_argument("--big-column", type=int, default=10_000)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--skip-publish", action="store_true")
    options = parser.parse_args()
    if "GONGKAI_PUBLISH_ROOT" not in os.environ:
        sys.exit(
            "set GONGKAI_PUBLISH_ROOT: the inspection reads the tree published there"
        )
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Site

    from gongkai.publishing.services import get_site_tree

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"[{db}] {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; load {load()}"
    )
    call_command("migrate", verbosity=0)
    if not options.skip_generate:
        started = time.perf_counter()
        generate(options.items, options.columns, options.big_column)
        print(f"generated in {time.perf_counter() - started:.1f} s; load {load()}")
    if not options.skip_publish:
        timed_command(
            "full publish", "publish", "--site", BENCH_HOST, "--quiet-progress"
        )
    site = Site.objects.select_related("root_page").get(hostname=BENCH_HOST)
    tree = get_site_tree(site)
    seconds, files, size = baseline_read_tree(tree)
    print(
        f"baseline find + cat: {files:,} HTML files, {size / 2**20:.0f} MB in {seconds:.1f} s; load {load()}"
    )
    seconds, rows = baseline_read_pages(site)
    print(f"baseline one query: {rows:,} live pages in {seconds:.2f} s")
    timed_command("full inspection", "inspect", "--site", BENCH_HOST, "--store")
    change = publish_one_change(site)
    print(
        f"published one change ({change['item']}): {change['seconds']:.2f} s from publish() "
        f"to files on disk, {change['written']} files written, {change['removed']} removed; load {load()}"
    )
    timed_command(
        "incremental inspection",
        "inspect",
        "--site",
        BENCH_HOST,
        "--store",
        "--incremental",
    )


if __name__ == "__main__":
    main()
