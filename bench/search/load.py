"""Search under concurrent load through `gongkai serve` (issue #14, item 6).

Starts `gongkai serve --workers N` on the data dir's demo site (build it first with
`gongkai demo`, then `gongkai publish`), warms the popular queries once, then
alternates runs of wrk (20 connections by default) against

- the baseline: the published home page, a static file served by the same server;
- the JSON search API over the 25 popular queries below, in turn (after the warm-up
  each is answered from the result cache unless the server runs with --no-cache);
- the JSON search API where every request is a query not asked before in the run
  (two of the popular words, in a shuffled order: a cache miss every time);
- the search page (/search/) over the popular queries,

and prints req/s, p50 and p99 per run, their medians and the ratio to the baseline.

    GONGKAI_DATA_DIR=/tmp/gk-demo [DATABASE_URL=postgres://…] \\
        .venv/bin/python bench/search/load.py --port 8107 --workers 2 --duration 10 --repeats 3

Without wrk on the PATH a Python client (threads, keep-alive) does the same, less
precisely: it shares the two cores with the server.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GONGKAI = ROOT / ".venv" / "bin" / "gongkai"
# Typical queries of the demo: words of its titles, the demo queries, a
# synonym, a pinyin query, a year, a misspelling (corrected) and a rare word.
QUERIES = [
    "公积金",
    "政府信息公开",
    "学区划分",
    "拆迁补偿",
    "八八战略",
    "全体会议",
    "国务院",
    "社保",
    "低保",
    "教育",
    "疫情防控",
    "乡村振兴",
    "zhengfu",
    "招聘",
    "预算",
    "2023年",
    "金东区",
    "环境保护",
    "医疗保险",
    "营商环境",
    "正府信息公开",
    "中区",
    "工作报告",
    "通知",
    "决算",
]
# Each wrk thread starts at its own offset (wrk's threads have separate Lua states; with
# one shared start they would send the same paths one after the other).
WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local counter = 0
local next_id = 0
setup = function(thread)
  thread:set("counter", next_id * math.floor(#paths / 2))
  next_id = next_id + 1
end
init = function(args) math.randomseed(os.time() + counter) end
-- --rate: each connection waits a random (exponential) time between its requests, so
-- the connections together offer about that many requests a second; wrk's latency
-- excludes the wait.
local mean_delay = tonumber(os.getenv("DELAY_MS") or "0")
if mean_delay > 0 then
  delay = function() return math.floor(-math.log(1 - math.random()) * mean_delay) end
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.2f %.2f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.timeout + summary.errors.connect
    + summary.errors.read + summary.errors.write))
end
"""


def query_paths(prefix: str) -> list[str]:
    return [prefix + urllib.parse.quote(q) for q in QUERIES]


def distinct_queries(prefix: str) -> list[str]:
    """Every ordered pair of two different popular words, each with a page size from
    10 to 29 (about the default 20, so about the same work), in a fixed shuffled
    order: 12,000 requests that differ in their cache key, none asked by another
    target, so each is a miss."""
    pairs = [f"{a} {b}" for a, b in itertools.permutations(QUERIES, 2)]
    paths = [
        f"{prefix}{urllib.parse.quote(q)}&per_page={n}"
        for q in pairs
        for n in range(10, 30)
    ]
    random.Random(14).shuffle(paths)
    return paths


def start_server(
    port: int, threads: int, workers: int, *, cache: bool
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings.demo"}
    if not cache:
        env["GONGKAI_SEARCH_CACHE_ENTRIES"] = "0"
    command = [str(GONGKAI), "serve", f"127.0.0.1:{port}", "--threads", str(threads)]
    if workers > 1:  # a checkout before --workers existed is measured with 1
        command += ["--workers", str(workers)]
    # Output to nothing: a pipe nobody reads would block the server once full. From
    # this checkout's root: the --workers processes run `python -m gongkai`, which
    # imports the package of the current directory first, so a run started from
    # another checkout's folder would otherwise measure that checkout's code.
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def get(port: int, path: str, timeout: float = 60.0) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_ready(port: int, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(port, "/", timeout=5)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"server on port {port} did not answer within {seconds:.0f} s")


def run_wrk(
    port: int,
    paths: list[str],
    *,
    connections: int,
    duration: int,
    rate: float = 0,
) -> tuple[float, float, float, int]:
    """(req/s, p50 ms, p99 ms, errors) of one wrk run over `paths`, in turn; with a
    `rate`, the connections offer about that many requests a second instead of as
    many as the server answers."""
    delay_ms = connections * 1000 / rate if rate else 0
    with tempfile.TemporaryDirectory() as folder:
        script, listing = Path(folder, "rotate.lua"), Path(folder, "paths.txt")
        script.write_text(WRK_SCRIPT)
        listing.write_text("\n".join(paths) + "\n")
        out = subprocess.run(  # noqa: S603 - fixed arguments
            [
                shutil.which("wrk") or "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            env={**os.environ, "PATHS": str(listing), "DELAY_MS": f"{delay_ms:.3f}"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, micros, p50, p99, errors = line.split()[1:]
    return int(requests) / (int(micros) / 1e6), float(p50), float(p99), int(errors)


def run_python(
    port: int,
    paths: list[str],
    *,
    connections: int,
    duration: int,
    rate: float = 0,
) -> tuple[float, float, float, int]:
    """The same as run_wrk with a thread per connection (keep-alive); no --rate."""
    if rate:
        raise SystemExit("--rate needs wrk on the PATH (apt-get install wrk)")
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + duration

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = offset
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", paths[n % len(paths)])
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            latencies.append((time.perf_counter() - started) * 1000)
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / duration, cuts[49], cuts[98], errors[0]


def warm_up(port: int, targets: dict[str, Any], workers: int) -> None:
    """Every process loads the dictionaries on its first search, so each fixed path
    is asked once per worker (the kernel picks the process)."""
    for paths in targets.values():
        for path in paths if isinstance(paths, list) else []:
            for _ in range(max(workers, 1)):
                status = get(port, path)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")


def print_goal(figures: dict[str, list[tuple[float, float, float, int]]]) -> None:
    print("goal (issue #14 item 6): >= 150 req/s and p99 < 100 ms at 20 connections")
    for name, runs in figures.items():
        if "search" in name:
            rate = statistics.median(f[0] for f in runs)
            p99 = statistics.median(f[2] for f in runs)
            met = "met" if rate >= 150 and p99 < 100 else "NOT met"
            print(f"  {name}: {met}")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--threads", type=int, default=8, help="gongkai serve --threads"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gongkai serve --workers"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="serve with the search result cache off (GONGKAI_SEARCH_CACHE_ENTRIES=0)",
    )
    parser.add_argument(
        "--no-page", action="store_true", help="skip the search page (/search/)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="offer about this many requests a second in all (wrk only); default: "
        "as many as the server answers (each connection sends its next request at once)",
    )
    args = parser.parse_args()
    runner = run_wrk if shutil.which("wrk") else run_python
    distinct = distinct_queries("/api/search/?q=")
    per_run = len(distinct) // args.repeats
    targets: dict[str, Any] = {
        "static home page (baseline)": ["/"],
        "search API, popular queries": query_paths("/api/search/?q="),
        # A fresh slice each run: a query of an earlier run could still be cached.
        "search API, each query new": lambda run: distinct[
            run * per_run : (run + 1) * per_run
        ],
    }
    if not args.no_page:
        targets["search page /search/, popular"] = query_paths("/search/?q=")
    server = start_server(
        args.port, args.threads, args.workers, cache=not args.no_cache
    )
    try:
        wait_ready(args.port)
        warm_up(args.port, targets, args.workers)
        print(
            f"{platform.node()} {cpu_model()} x{os.cpu_count()}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        )
        print(
            f"client: {runner.__name__}, {args.connections} connections, {args.duration} s a run, "
            f"{f'offered rate {args.rate:g} req/s' if args.rate else 'closed loop (as fast as answered)'}, "
            f"server workers {args.workers} x threads {args.threads}, "
            f"result cache {'off' if args.no_cache else 'on'}, "
            f"database {'PostgreSQL' if os.environ.get('DATABASE_URL') else 'SQLite'}, "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        figures: dict[str, list[tuple[float, float, float, int]]] = {
            name: [] for name in targets
        }
        for repeat in range(args.repeats):
            for name, paths in targets.items():
                figure = runner(
                    args.port,
                    paths if isinstance(paths, list) else paths(repeat),
                    connections=args.connections,
                    duration=args.duration,
                    rate=args.rate,
                )
                figures[name].append(figure)
                print(
                    f"  run {repeat + 1} {name}: {figure[0]:.1f} req/s, p50 {figure[1]:.1f} ms, "
                    f"p99 {figure[2]:.1f} ms, errors {figure[3]}",
                    flush=True,
                )
        baseline = statistics.median(f[0] for f in figures[next(iter(targets))])
        print(f"medians (load average now {os.getloadavg()[0]:.1f}):")
        for name, runs in figures.items():
            rate = statistics.median(f[0] for f in runs)
            print(
                f"  {name}: {rate:.1f} req/s (x{rate / baseline:.3f} of the baseline), "
                f"p50 {statistics.median(f[1] for f in runs):.1f} ms, "
                f"p99 {statistics.median(f[2] for f in runs):.1f} ms, errors {sum(f[3] for f in runs)}"
            )
        print_goal(figures)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
