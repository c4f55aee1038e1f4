"""wagtail-bakery's full build against `gongkai publish` on the same generated site.

wagtail-bakery 0.8.0 installs with Wagtail 8.0.1 in a scratch venv (never the
project's): python3 -m venv /tmp/bakery && /tmp/bakery/bin/pip install wagtail==8.0.1 wagtail-bakery

    GONGKAI_DATA_DIR=/tmp/gk-bench-bakery .venv/bin/python bench/publishing/bench_bakery.py \
        --bakery-site-packages /tmp/bakery/lib/python3.11/site-packages --items 1500 --columns 60
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bakery-site-packages", required=True)
    parser.add_argument("--items", type=int, default=1500)
    parser.add_argument("--columns", type=int, default=60)
    parser.add_argument("--big-column", type=int, default=500)
    options = parser.parse_args()
    sys.path.append(
        options.bakery_site_packages
    )  # after ours: only bakery comes from there
    build_dir = tempfile.mkdtemp(prefix="gk-bench-bakery-build-")
    os.environ["GONGKAI_BAKERY_BUILD_DIR"] = build_dir
    os.environ.setdefault(
        "GONGKAI_PUBLISH_ROOT", tempfile.mkdtemp(prefix="gk-bench-bakery-publish-")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.publishing.bakery_settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from generate_site import BENCH_HOST, generate
    from wagtail.models import Site

    from gongkai.publishing.services import publish_site

    call_command("migrate", verbosity=0)
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    generate(options.items, options.columns, options.big_column)
    Site.objects.exclude(
        hostname=BENCH_HOST
    ).delete()  # bakery builds every site's pages
    site = Site.objects.select_related("root_page").get(hostname=BENCH_HOST)
    site.is_default_site = True
    site.save(update_fields=["is_default_site"])
    started = time.perf_counter()
    call_command(
        "build",
        "wagtailbakery.views.AllPublishedPagesView",
        skip_static=True,
        skip_media=True,
    )
    bakery_seconds = time.perf_counter() - started
    baked = sum(1 for _ in Path(build_dir).rglob("*.html"))
    bakery_rate = baked / bakery_seconds
    print(
        f"[{db}] wagtail-bakery 0.8.0 build: {baked} pages in {bakery_seconds:.1f} s = {bakery_rate:.1f} pages/s "
        "(no list pages 2..N, feeds or sitemaps)"
    )
    for processes in (1, os.cpu_count() or 1):
        report = publish_site(site=site, processes=processes)
        rate = report.pages / report.seconds
        print(
            f"[{db}] gongkai publish, {processes} process(es): {report.pages} pages ({len(report.written)} files) "
            f"in {report.seconds:.1f} s = {rate:.1f} pages/s = {rate / bakery_rate:.2f}x wagtail-bakery"
        )


if __name__ == "__main__":
    main()
