"""Serving an item page: nginx from the publish root against Wagtail under gunicorn, and
the visit counter under sustained load from one client (counted once per window), side
by side with wrk on 127.0.0.1.

Needs a published site (e.g. `gongkai demo` then `gongkai publish`) in GONGKAI_DATA_DIR:

    GONGKAI_DATA_DIR=/tmp/gk-demo .venv/bin/python bench/publishing/bench_serving.py --path /zwgk/
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests"))
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Safari/537.36"


def wrk(url: str, host: str, seconds: int, script: str | None = None) -> dict:
    command = [
        "wrk",
        "-t2",
        "-c32",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"Host: {host}",
    ]
    if script:
        command += ["-s", script]
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p99_ms": float(p99.group(1)) * scale,
        "requests": total,
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", required=True, help="an item page's URL path")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.publishing.serving_settings"
    # As production: one Redis cache for both gunicorn workers (the counter's once-per-
    # client window must hold across them) and nginx as the trusted proxy. A database
    # of its own, emptied before the counter run.
    os.environ.update(
        GONGKAI_CACHE_URL="redis://127.0.0.1:6379/14",
        GONGKAI_CACHE_PREFIX="gk-bench-serving",
        GONGKAI_TRUSTED_PROXIES="127.0.0.1",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from nginx_server import Nginx
    from wagtail.models import Page, Site

    from gongkai.publishing.services import get_site_folder, get_site_tree
    from gongkai.stats.services import get_view_count

    site = Site.objects.get(is_default_site=True)
    assert get_site_tree(site) is not None, "publish the site first: gongkai publish"  # noqa: S101
    host = site.hostname
    page_id = Page.objects.get(
        url_path=site.root_page.url_path + options.path.strip("/") + "/"
    ).pk
    app_port = 18181
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    gunicorn = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{app_port}",
            "-k",
            "sync",
            "--log-level",
            "warning",
            "gongkai.wsgi:application",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.publishing.serving_settings"},
    )
    lua = Path(tempfile.mkdtemp()) / "post.lua"
    lua.write_text(f'wrk.method = "POST"\nwrk.headers["User-Agent"] = "{BROWSER_UA}"\n')
    try:
        time.sleep(3)
        with Nginx(
            str(settings.GONGKAI_PUBLISH_ROOT),
            f"127.0.0.1:{app_port}",
            get_site_folder(site),
        ) as nginx:
            print(
                f"site folder {get_site_folder(site)}, page {options.path} (id {page_id}), wrk -t2 -c32 -d{options.seconds}s"
            )
            static, dynamic = [], []
            for _ in range(options.repeats):  # interleaved
                static.append(
                    wrk(
                        f"http://127.0.0.1:{nginx.port}{options.path}",
                        host,
                        options.seconds,
                    )
                )
                dynamic.append(
                    wrk(
                        f"http://127.0.0.1:{app_port}{options.path}",
                        host,
                        options.seconds,
                    )
                )
            median = lambda runs, key: sorted(r[key] for r in runs)[len(runs) // 2]  # noqa: E731
            s_rps, d_rps = median(static, "rps"), median(dynamic, "rps")
            print(
                f"nginx static file : {s_rps:,.0f} req/s, p99 {median(static, 'p99_ms'):.1f} ms"
            )
            print(
                f"gunicorn + Wagtail: {d_rps:,.0f} req/s, p99 {median(dynamic, 'p99_ms'):.1f} ms"
            )
            print(f"ratio: {s_rps / d_rps:.0f}x")
            cache.clear()
            before = get_view_count(page_id=page_id)
            counter = wrk(
                f"http://127.0.0.1:{nginx.port}/api/hits/{page_id}/",
                host,
                options.seconds,
                str(lua),
            )
            after = get_view_count(page_id=page_id)
            completed = counter["requests"] - counter["non2xx"]
            counted = after - before
            # wrk is one client: the counter must count it once per window, in both workers.
            verdict = (
                "counted once, as it must"
                if counted == 1
                else f"WRONG: counted {counted} times"
            )
            print(
                f"visit counter via nginx -> gunicorn: {counter['rps']:,.0f} requests/s, "
                f"p99 {counter['p99_ms']:.1f} ms; {completed} answered (non-2xx {counter['non2xx']}) "
                f"from one client: {verdict}"
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)


if __name__ == "__main__":
    main()
