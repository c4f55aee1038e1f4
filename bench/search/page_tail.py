"""The search page's tail across a page-cache expiry (issue #14 item 6, round 6).

load.py's search-page runs last 10 s each, shorter than the 45-60 s a rendered page is
kept, so whether a run sees the pages expire depends on where it falls. This runs the
popular queries' search page (/search/?q=...) for `--duration` seconds (default 75: every
page kept at the warm-up expires inside the run) at a fixed offered rate, after a static
home page run of 10 s as the baseline of the same server, and prints both.

    GONGKAI_DATA_DIR=/tmp/gk-demo [DATABASE_URL=postgres://...] \\
        .venv/bin/python bench/search/page_tail.py --port 8141 --rate 170 [--root OTHER_CHECKOUT]

`--root` serves another checkout (e.g. main) with this script, to compare the two in one
window; that checkout needs its own .venv (or a link to this one's).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # this folder's load.py, put on the path above


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=75)
    parser.add_argument("--rate", type=float, default=170)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--root", type=Path, default=load.ROOT)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk on the PATH (apt-get install wrk)")
    load.ROOT = args.root.resolve()
    load.GONGKAI = load.ROOT / ".venv" / "bin" / "gongkai"
    pages = load.query_paths("/search/?q=")
    server = load.start_server(args.port, args.threads, args.workers, cache=True)
    try:
        load.wait_ready(args.port)
        load.warm_up(args.port, {"page": pages}, args.workers)
        print(
            f"{load.ROOT}, {time.strftime('%H:%M UTC', time.gmtime())}, "
            f"database {'PostgreSQL' if os.environ.get('DATABASE_URL') else 'SQLite'}, "
            f"offered {args.rate:g} req/s, load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        for name, paths, seconds in (
            ("static home page (baseline)", ["/"], 10),
            ("search page /search/, popular", pages, args.duration),
        ):
            rate, p50, p99, errors = load.run_wrk(
                args.port,
                paths,
                connections=args.connections,
                duration=seconds,
                rate=args.rate,
            )
            print(
                f"  {name}, {seconds} s: {rate:.1f} req/s, p50 {p50:.1f} ms, "
                f"p99 {p99:.1f} ms, errors {errors}",
                flush=True,
            )
        print(f"  load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
