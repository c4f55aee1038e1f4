"""Dead links over real files in a temporary tree; external links against a local server."""

import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.test import SimpleTestCase

from gongkai.publishing.trees import walk_files

from ..fetchers import check_url
from ..links import find_dead_links, parse_html

PAGES = {
    "index.html": (
        '<a href="/xwdt/">动态</a><a href="xwdt/a-1/#para-2">锚点</a><a href="/xwdt/a-1/#missing">坏锚点</a>'
        '<a href="/gone/">缺失</a><img src="/media/missing.png"><a href="/search/?q=x">搜索</a>'
        '<a href="mailto:gk@example.org">信箱</a><a href="https://gk.example.org/xwdt/">本站绝对地址</a>'
        '<a href="https://gk.example.org/nowhere/">本站绝对坏链</a><a href="/%2e%2e%2fetc/passwd">穿越</a>'
        '<a href="#top">页内</a><div id="top"></div>'
    ),
    "xwdt/index.html": '<a href="../">上级</a><a href="a-1/">文章</a><a href="../../../../etc/passwd">越界</a>',
    "xwdt/a-1/index.html": '<p id="para-2">正文</p><a href="../index.html">列表</a><link rel="stylesheet" href="/static/s.css">',
    "static/s.css": "body{}",
}


def build_tree(root: Path) -> None:
    for relative, text in PAGES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def dead_links(root: Path, external_check=None):
    files = {path for path, is_symlink in walk_files(root) if not is_symlink}
    parsed = {
        p: parse_html((root / p).read_text(encoding="utf-8"))
        for p in files
        if p.endswith(".html")
    }
    return find_dead_links(
        parsed.items(),
        files,
        hostnames=("gk.example.org",),
        dynamic_prefixes=("/search/", "/api/"),
        anchors_by_file={p: page.anchors for p, page in parsed.items()},
        external_check=external_check,
    )


class DeadLinkTests(SimpleTestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp(prefix="gk-inspect-"))
        build_tree(self.root)

    def test_finds_missing_files_anchors_and_bad_addresses_only(self):
        found = {(d.source, d.target, d.reason) for d in dead_links(self.root)}
        self.assertEqual(
            found,
            {
                ("index.html", "/xwdt/a-1/#missing", "页面内没有锚点“missing”"),
                ("index.html", "/gone/", "目标文件不存在"),
                ("index.html", "/media/missing.png", "目标文件不存在"),
                ("index.html", "https://gk.example.org/nowhere/", "目标文件不存在"),
                ("index.html", "/%2e%2e%2fetc/passwd", "链接地址不合法"),
                # ../ above the root is clamped by browsers to /etc/passwd: not in the tree.
                ("xwdt/index.html", "../../../../etc/passwd", "目标文件不存在"),
            },
        )

    def test_externals_are_not_fetched_by_default(self):
        (self.root / "x.html").write_text(
            '<a href="http://127.0.0.1:9/">外链</a>', encoding="utf-8"
        )
        self.assertNotIn(
            "http://127.0.0.1:9/", [d.target for d in dead_links(self.root)]
        )


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


class ExternalLinkTests(SimpleTestCase):
    def setUp(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.root = Path(tempfile.mkdtemp(prefix="gk-inspect-"))
        (self.root / "index.html").write_text(
            f'<a href="{self.base}/ok">好</a><a href="{self.base}/missing">坏</a>',
            encoding="utf-8",
        )

    def test_a_404_external_link_is_dead_a_200_is_not(self):
        found = [
            (d.target, d.reason)
            for d in dead_links(self.root, external_check=check_url)
        ]
        self.assertEqual(found, [(f"{self.base}/missing", "HTTP 404")])

    def test_an_unreachable_host_is_reported_not_raised(self):
        self.assertTrue(
            check_url("http://127.0.0.1:9/", timeout=2).startswith("无法访问")
        )
