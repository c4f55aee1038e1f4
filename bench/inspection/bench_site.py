"""The database half of a full inspection of a 100,000-item site, against a baseline.

`services.inspect_site` on a generated site (bench/publishing/generate_site.py: bulk
rows, 2,000 columns) that is not published: columns (empty, stale), the home page, the
consultations, and every item's 公开目录 metadata and 解读. The tree half (reading and
parsing the published files) is bench_tree.py's; a full inspection is the two together.
Baseline in the same run: one query reading every live item's id, title and URL path
(the least a per-item check must read).

    GONGKAI_DATA_DIR=/tmp/gk-bench-inspect .venv/bin/python bench/inspection/bench_site.py \
        [--items 100000] [--columns 2000] [--repeat 3]
"""

import argparse
import os
import platform
import statistics
import sys
import time

sys.path.insert(
    0,
    os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "publishing"
    ),
)
from generate_site import BENCH_HOST, generate, setup_django


def median(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Page, Site

    from gongkai.inspection.services import inspect_site

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(options.items, options.columns, 10_000)
    print(f"generated {options.items:,} items in {time.perf_counter() - started:.1f} s")
    site = Site.objects.select_related("root_page").get(hostname=BENCH_HOST)

    def baseline() -> int:
        rows = Page.objects.live().descendant_of(site.root_page)
        return sum(1 for _ in rows.values_list("pk", "title", "url_path").iterator())

    base, count = median(baseline, options.repeat)
    full, report = median(lambda: inspect_site(site=site), options.repeat)
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"python {platform.python_version()}, {db}, load {os.getloadavg()}"
    )
    print(f"live pages read by the baseline: {count:,}")
    print(f"findings: {len(report.findings):,}")  # type: ignore[attr-defined]
    print(f"baseline one-query read: median {base:.2f} s")
    print(
        f"inspect_site (no tree):  median {full:.2f} s ({full / base:.1f}x the baseline)"
    )


if __name__ == "__main__":
    main()
