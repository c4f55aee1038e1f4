"""What the 严重错别字 publish guard (inspection/publish_guards.py, a pre_save receiver on
pages) adds to one `revision.publish()` of a clean item, against the same publishes with the
guard disconnected, in the same run.

Each item's body is about 3,000 characters of a State Council work report (the tests'
fixture sample), in paragraphs, so the guard renders and scans a realistic text. Items are
published in alternating batches (guard on, guard off) so drift in the machine's load falls
on both; the figure is the median per publish of each.

    GONGKAI_DATA_DIR=/tmp/gk-bench-guard .venv/bin/python bench/inspection/bench_publish_guard.py \
        [--items 200] [--batch 20]
"""

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models.signals import pre_save

    from gongkai.catalog.models import ArticlePage
    from gongkai.core.tests.factories import create_column, create_organisation
    from gongkai.inspection import publish_guards

    call_command("migrate", verbosity=0)
    fixture = os.path.join(
        os.path.dirname(os.path.dirname(HERE)),
        "gongkai/inspection/tests/fixtures/work_reports_sample.txt",
    )
    with open(fixture, encoding="utf-8") as sample_file:
        sample = sample_file.read()
    paragraphs = [p for p in sample.split("\n") if p.strip()]
    column = create_column()
    publisher = create_organisation()

    def draft(number: int):
        start = (number * 7) % max(len(paragraphs) - 40, 1)
        body, size = [], 0
        for paragraph in paragraphs[start:]:
            body.append(("paragraph", f"<p>{paragraph}</p>"))
            size += len(paragraph)
            if size >= 3000:
                break
        page = column.add_child(
            instance=ArticlePage(
                title=f"基准测试文章{number}",
                slug=f"bench-guard-{number}-{time.time_ns()}",
                live=False,
                publisher=publisher,
                body=body,
            )
        )
        return page.save_revision()

    timings: dict[bool, list[float]] = {True: [], False: []}
    number = 0
    guard_on = True
    while number < args.items:
        if guard_on:
            pre_save.connect(
                publish_guards.refuse_unconfirmed_publish,
                dispatch_uid="gongkai_inspection_publish_guard",
            )
        else:
            pre_save.disconnect(dispatch_uid="gongkai_inspection_publish_guard")
        revisions = [draft(number + i) for i in range(args.batch)]
        for revision in revisions:
            started = time.perf_counter()
            revision.publish()
            timings[guard_on].append(time.perf_counter() - started)
        number += args.batch
        guard_on = not guard_on
    on, off = (statistics.median(timings[key]) * 1000 for key in (True, False))
    print(
        f"publishes: {len(timings[True])} with the guard, {len(timings[False])} without"
    )
    print(
        f"median per revision.publish(): with guard {on:.2f} ms, without {off:.2f} ms"
    )
    print(f"guard cost: {on - off:.2f} ms per publish ({(on - off) / off:.0%})")


if __name__ == "__main__":
    main()
