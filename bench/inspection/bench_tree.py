"""The inspection's tree pass over a 100,000-page published tree, against a baseline.

Baseline: plain os.walk + read of every file of the same tree (the least any tree check
must do). Measured: the full tree pass (`services.scan_tree`: read, parse, 严重错别字 and
publish-time checks, dead links and anchors) and the incremental pass after one publish
(one changed page parsed, the previous findings carried). Median of --repeat runs each.

    .venv/bin/python bench/inspection/bench_tree.py [--pages 100000] [--repeat 3]

The tree is generated under a temporary folder (about 2.5 KB a page: a column list link,
the home page, the previous item, an in-page anchor and a paragraph of work-report text).
"""

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.test")

import django

django.setup()

from gongkai.inspection.services import scan_tree  # noqa: E402
from gongkai.publishing.trees import walk_files  # noqa: E402

COLUMNS = 100
TEXT = (
    "过去一年，各地区各部门坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，"
    "加快构建新发展格局，着力推动高质量发展，经济社会发展主要目标任务圆满完成。"
) * 8


def page(index: int, column: int, misspelt: bool = False) -> str:
    title = "关于的决议学习会" if misspelt else f"第{index}号信息"
    previous = f"/c{column}/{index - COLUMNS}/" if index >= COLUMNS else f"/c{column}/"
    return (
        f"<!doctype html><html lang='zh-hans'><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>首页</a> <a href='/c{column}/'>栏目{column}</a></nav>"
        f"<h1 id='top'>{title}</h1><p>发布时间：2026-12-0{1 + index % 5} 09:00</p>"
        f"<p>{TEXT}</p><a href='{previous}'>上一篇</a> <a href='#top'>返回顶部</a>"
        "</body></html>"
    )


def generate(root: Path, pages: int) -> None:
    (root / "index.html").write_text(page(0, 0), "utf-8")
    for column in range(COLUMNS):
        (root / f"c{column}").mkdir()
        (root / f"c{column}" / "index.html").write_text(page(0, column), "utf-8")
    for index in range(pages):
        column = index % COLUMNS
        folder = root / f"c{column}" / str(index)
        folder.mkdir()
        (folder / "index.html").write_text(page(index, column), "utf-8")


def baseline(root: Path) -> int:
    total = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            total += len(Path(folder, name).read_bytes())
    return total


def median_seconds(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gk-bench-inspect-"))
    try:
        started = time.perf_counter()
        generate(root, args.pages)
        print(
            f"generated {args.pages:,} pages in {time.perf_counter() - started:.1f} s"
        )
        files = {path for path, is_symlink in walk_files(root) if not is_symlink}
        scan = {"owners": {}, "item_ids": set(), "hostnames": ("bench.test",)}

        base, size = median_seconds(lambda: baseline(root), args.repeat)
        full, findings = median_seconds(
            lambda: scan_tree(root, files, files, **scan), args.repeat
        )
        # One publish: a page is rewritten (with a 疑似漏字); only it is parsed again.
        changed = "c7/7/index.html"
        (root / changed).write_text(page(7, 7, misspelt=True), "utf-8")
        incremental, new = median_seconds(
            lambda: scan_tree(root, files, {changed}, carried=tuple(findings), **scan),
            args.repeat,
        )
        if not any(f.location == changed for f in new):
            raise SystemExit("the changed page was not read")
        print(
            f"machine: {platform.platform()}, {os.cpu_count()} CPUs, python {platform.python_version()}"
        )
        print(
            f"files: {len(files):,} ({size / 1e6:.0f} MB), findings in the full pass: {len(findings)}"
        )
        print(f"baseline os.walk + read: median {base:.2f} s")
        print(
            f"full tree pass:          median {full:.2f} s  ({full / base:.1f}x the baseline)"
        )
        print(
            f"incremental (1 changed): median {incremental:.3f} s  ({incremental / base:.3f}x the baseline)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
