#!/usr/bin/env python3
"""Screenshots of the public demo site for docs/screenshots/ (issue #16): the home page and
the seed page, on a desktop (1366 px) and a phone (375 px), plain and in each 长者 mode.

    .venv/bin/python scripts/screenshots.py [--port 8106] [--items 40] [--out docs/screenshots]

It builds a fresh demo in a temporary data directory (its own SQLite database, so an
existing `var/` is untouched), publishes it and serves the published static files with
`gongkai demo --serve`, as a visitor sees them, then drives Debian's Chromium through
Playwright, as the browser tests do. The modes are switched by clicking the toolbar, so
the pictures show what the buttons really do. PNGs are palette-quantised to stay small.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "mobile": {
        "viewport": {"width": 375, "height": 812},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 1,
    },
}
# File-name part -> the toolbar buttons pressed (none: the page as it comes).
MODES = {
    "default": [],
    "large": ["大字"],
    "xlarge": ["特大字"],
    "contrast": ["高对比度"],
    "gray": ["黑白"],
    "cursor": ["特大鼠标"],
    "guide": ["阅读指引线"],
    "simple": ["简约版"],
}
SEED_LINE = re.compile(r"种子页面：https?://[^/\s]+(/\S*)")


def start_demo(
    port: int, items: int, data_dir: Path
) -> tuple[subprocess.Popen[str], str]:
    """Start `gongkai demo --serve` and return it with the seed page's path, once it answers."""
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # always the throwaway SQLite database
    env["PYTHONUNBUFFERED"] = "1"  # the seed page's URL line as soon as it is printed
    process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
        [
            str(ROOT / ".venv/bin/gongkai"),
            "demo",
            "--items",
            str(items),
            "--serve",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    found: dict[str, str] = {}

    def relay() -> None:
        # Drain the output all the time, or the server blocks on a full pipe.
        assert process.stdout is not None  # noqa: S101 - for mypy: stdout=PIPE above
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            match = SEED_LINE.search(line)
            if match:
                found["seed"] = match.group(1)

    threading.Thread(target=relay, daemon=True).start()
    deadline = time.monotonic() + 900
    while not (found.get("seed") and wait_for(f"http://127.0.0.1:{port}/", 0)):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise SystemExit("演示站点没有启动，请查看上面的输出。")
        time.sleep(2)
    seed_path = found["seed"]
    return process, seed_path


def wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local
                return response.status == 200
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(1)


def stop(process: subprocess.Popen[str]) -> None:
    """Stop the demo server and its children (its own process group, started above)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def press(tab: Page, names: list[str], viewport: str) -> None:
    if not names:
        return
    if viewport == "mobile":
        tab.get_by_role("button", name="无障碍工具").click()
    group = tab.get_by_role("group", name="长者模式和无障碍")
    for name in names:
        group.get_by_role("button", name=name, exact=True).click()
    if viewport == "mobile":
        tab.get_by_role("button", name="无障碍工具").click()  # fold again


def save_small(png: bytes, target: Path) -> None:
    """Palette PNG (256 colours): a page of text and flat colours loses nothing visible."""
    path = target.with_suffix(".raw.png")
    path.write_bytes(png)
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            target, optimize=True
        )
    path.unlink()


def shoot(base: str, pages: dict[str, str], out: Path) -> list[Path]:
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for viewport, options in VIEWPORTS.items():
            for mode, buttons in MODES.items():
                context = browser.new_context(base_url=base, **options)
                tab = context.new_page()
                tab.goto(pages["seed"])
                press(tab, buttons, viewport)
                for name, path in pages.items():
                    tab.goto(path)
                    if mode == "guide":  # the band sits where the pointer is
                        tab.mouse.move(300, 420)
                    target = out / f"{viewport}-{name}-{mode}.png"
                    # The first screen and a little more: what a reader sees at once.
                    save_small(tab.screenshot(full_page=False), target)
                    written.append(target)
                if viewport == "mobile" and mode == "default":
                    # The folded toolbar, opened: the buttons a phone reader gets.
                    tab.goto(pages["seed"])
                    tab.get_by_role("button", name="无障碍工具").click()
                    target = out / "mobile-seed-toolbar.png"
                    save_small(tab.screenshot(full_page=False), target)
                    written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("GONGKAI_PORT", "8106"))
    )
    parser.add_argument(
        "--items", type=int, default=40, help="演示信息条数（少则构建快）"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-shots-") as data_dir:
        process, seed_path = start_demo(args.port, args.items, Path(data_dir))
        try:
            written = shoot(
                f"http://127.0.0.1:{args.port}",
                {"home": "/", "seed": seed_path},
                args.out,
            )
        finally:
            stop(process)
    total = sum(path.stat().st_size for path in written)
    summary = f"{len(written)} 张截图已写入 {args.out}，共 {total / 1024:.0f} KB。"
    print(summary)  # noqa: T201 - a command-line script


if __name__ == "__main__":
    main()
