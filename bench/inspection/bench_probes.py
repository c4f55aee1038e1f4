"""The reachability probe's database cost: the week's figures of one site (what each run
and each view of 网站自查 computes) and one round of the probe loop when no interval has
begun (what `gongkai worker` / `gongkai serve` do every minute), with 30 days of stored
visits at the default 10-minute interval for `--sites` sites (the most a site keeps).

Baselines in the same run: counting one site's stored rows (the least the week's figures
must read) and one query listing the sites (the least a round must do).

    GONGKAI_DATA_DIR=/tmp/gk-bench-probes .venv/bin/python bench/inspection/bench_probes.py \
        [--sites 20] [--repeat 50]
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import timedelta

sys.path.insert(
    0,
    os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "publishing"
    ),
)
from generate_site import setup_django


def median(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50)
    options = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page, Site

    from gongkai.inspection import probes
    from gongkai.inspection.crawl import Fetched
    from gongkai.inspection.models import ReachabilityProbe
    from gongkai.inspection.selectors import reachability_week

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    Site.objects.filter(hostname__startswith="probe-bench-").delete()
    sites = [
        Site.objects.create(hostname=f"probe-bench-{n}.test", root_page=root)
        for n in range(options.sites)
    ]
    now = timezone.now()
    slot = probes.slot_of(now, 10)
    per_site = 30 * 144
    for site in sites:
        ReachabilityProbe.objects.bulk_create(
            (
                ReachabilityProbe(
                    site=site,
                    slot=slot - timedelta(minutes=10 * index),
                    probed_at=slot - timedelta(minutes=10 * index),
                    reachable=index % 19 != 0,
                    status_code=200,
                    elapsed_ms=100 + index % 500,
                )
                for index in range(per_site)
            ),
            batch_size=2000,
        )
    # The current interval of every site is visited already, so the round is idle. Only
    # on a bench database: Wagtail's initial `localhost` site is all it may hold besides.
    others = Site.objects.exclude(hostname__startswith="probe-bench-")
    if others.exclude(hostname="localhost").exists():
        sys.exit("run on an empty GONGKAI_DATA_DIR / DATABASE_URL: other sites exist")
    for other in others:
        ReachabilityProbe.objects.get_or_create(
            site=other, slot=slot, defaults={"probed_at": now, "reachable": True}
        )
    site = sites[0]
    week = reachability_week(site, now)
    if week.probes != 7 * 144:
        sys.exit(f"the week should hold 1008 visits: {week}")
    fetcher_calls = []

    def fetcher(url, timeout):
        fetcher_calls.append(url)
        return Fetched(200, 0.01)

    figures = median(lambda: reachability_week(site, now), options.repeat)
    count = median(
        lambda: ReachabilityProbe.objects.filter(site=site).count(), options.repeat
    )
    round_ = median(
        lambda: probes.probe_due_sites(now=now, fetcher=fetcher), options.repeat
    )
    listing = median(lambda: list(Site.objects.order_by("pk")), options.repeat)
    if fetcher_calls:
        sys.exit("a site was visited: the round was not idle")
    total = ReachabilityProbe.objects.count()
    print(
        f"{connection.vendor}, Python {platform.python_version()}, "
        f"{options.sites} sites x {per_site} stored visits = {total} rows, "
        f"median of {options.repeat}"
    )
    print(
        f"week's figures of one site: {figures * 1000:.2f} ms "
        f"(baseline count of its rows {count * 1000:.2f} ms, ratio {figures / count:.2f})"
    )
    print(
        f"one idle round over {options.sites} sites: {round_ * 1000:.2f} ms "
        f"(baseline listing the sites {listing * 1000:.2f} ms, "
        f"ratio {round_ / listing:.1f}; {round_ / options.sites * 1000:.2f} ms a site)"
    )
    ReachabilityProbe.objects.all().delete()
    Site.objects.filter(pk__in=[s.pk for s in sites]).delete()


if __name__ == "__main__":
    main()
