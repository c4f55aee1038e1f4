"""`gongkai serve` (waitress, as the command builds it) against nginx with
docs/deploy/nginx.conf, on the same publish tree: a stylesheet (plain) and a published
page (gzip, as browsers ask), with wrk on 127.0.0.1, runs interleaved, medians and the
ratio nginx / serve.

Self-contained: the tree is written by publishing's own writer (`write_published`:
the file and its .gz/.br siblings) into a temporary publish root, with the package's
real site.css and a page of typical size; no database is touched (the serve process
gets its site folder filled in, as tests/security/test_serve_traversal.py does).

    .venv/bin/python bench/publishing/bench_serve_vs_nginx.py [--seconds 10] [--repeats 3]
"""

import argparse
import hashlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
HOST = "www.example.gov.cn"
PAGE = "/zwgk/hy/item-0/"
CSS = "/static/gongkai/css/site.css"

SERVER = """
import logging, sys, django
logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # wrk queues 32 connections on 8 threads by design
django.setup()
from gongkai.publishing.management.commands.serve import create_server
from gongkai.publishing.serving import PublishRootApp
def no_app(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b""]
app = PublishRootApp(no_app)
app._folders, app._default, app._loaded_at = {sys.argv[2]: sys.argv[2]}, sys.argv[2], float("inf")
create_server(app, listen=sys.argv[1], threads=8, timeout=30, max_body=65536).run()
"""


def wrk(url: str, seconds: int, accept_encoding: str | None) -> float:
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "-H", f"Host: {HOST}"]
    if accept_encoding:
        command += ["-H", f"Accept-Encoding: {accept_encoding}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    output = result.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert errors is None, output  # noqa: S101 - a benchmark of errors is no benchmark
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def build_tree(root: Path) -> None:
    from gongkai.publishing.trees import create_tree, switch_tree, write_published

    tree = create_tree(root, HOST)
    css = (ROOT / "gongkai/core/static/gongkai/css/site.css").read_bytes()
    # Varied text (numbers, hashes) so that gzip compresses it about as much as a real page.
    paragraphs = "".join(
        f"<p>第{i}条 金东区{hashlib.sha256(str(i).encode()).hexdigest()[:24]}政务公开工作要点，"
        f"各乡镇人民政府、街道办事处（{i * 7919 % 1000}号）。</p>\n"
        for i in range(300)
    )
    page = (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>会议信息</title></head><body>"
        + paragraphs
        + "</body></html>"
    ).encode()
    for relative, data in (
        (CSS.lstrip("/"), css),
        (PAGE.lstrip("/") + "index.html", page),
    ):
        write_published(tree / relative, relative, data, atomic=False)
    switch_tree(root, HOST, tree)
    print(
        f"site.css {len(css):,} B; page {len(page):,} B (.gz {(tree / PAGE.lstrip('/') / 'index.html.gz').stat().st_size:,} B)"
    )


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on {port}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="gk-bench-serve-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings.demo", GONGKAI_DATA_DIR=str(data)
    )
    import django

    django.setup()
    from nginx_server import Nginx, free_port

    root = data / "publish"
    os.chmod(data, 0o755)  # noqa: S103 - nginx workers read the tree
    root.mkdir(mode=0o755)
    build_tree(root)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_PUBLISH_ROOT": str(root)}
    command = [sys.executable, "-c", SERVER, f"127.0.0.1:{port}", HOST]
    serve = subprocess.Popen(command, env=env)  # noqa: S603 - fixed arguments
    try:
        wait_for(port)
        with Nginx(str(root), f"127.0.0.1:{port}", HOST) as nginx:
            print(
                f"wrk -t2 -c32 -d{options.seconds}s, {options.repeats} interleaved runs; serve --threads 8; "
                f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
            )
            for label, path, coding in (
                ("site.css, plain", CSS, None),
                ("published page, gzip", PAGE, "gzip"),
            ):
                ours, theirs = [], []
                for _ in range(options.repeats):
                    ours.append(
                        wrk(f"http://127.0.0.1:{port}{path}", options.seconds, coding)
                    )
                    theirs.append(
                        wrk(
                            f"http://127.0.0.1:{nginx.port}{path}",
                            options.seconds,
                            coding,
                        )
                    )
                serve_rps = sorted(ours)[len(ours) // 2]
                nginx_rps = sorted(theirs)[len(theirs) // 2]
                print(
                    f"{label:22}: gongkai serve {serve_rps:8,.0f} req/s | nginx {nginx_rps:8,.0f} req/s "
                    f"| nginx/serve {nginx_rps / serve_rps:.1f}x"
                )
    finally:
        serve.terminate()
        serve.wait(timeout=10)


if __name__ == "__main__":
    main()
