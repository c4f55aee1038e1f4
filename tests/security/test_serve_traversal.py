"""The traversal corpus against the WSGI application of `gongkai serve`, on a real
HTTP server (Django's WSGIServer on a free port, raw-socket requests).

The site's folder cache is filled by hand so the server thread needs no database;
the subprocess test of `gongkai serve` itself is still to be written (see report).
"""

import os
import socket
import threading

import pytest
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

from gongkai.publishing.serving import PublishRootApp
from gongkai.publishing.trees import create_tree, switch_tree

from .traversal import failures, load_probes, plant_canaries, send_raw

SITE_HOST = "site.test"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def exchange(port: int, request: str) -> str:
    """The whole response (the server closes the connection), as text."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("latin-1")


def django_stand_in(environ, start_response):
    """Paths under the fallback prefixes go on to Django; here it knows no page."""
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"django 404"]


@pytest.fixture
def server(tmp_path, settings):
    root = tmp_path / "var" / "publish"
    root.mkdir(parents=True)
    settings.GONGKAI_PUBLISH_ROOT = str(root)
    settings.GONGKAI_PUBLISHING_DYNAMIC_PREFIXES = ("/admin/",)
    tree = create_tree(root, SITE_HOST)
    (tree / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tree / "404.html").write_text("<p>not found</p>", encoding="utf-8")
    switch_tree(root, SITE_HOST, tree)
    canary = plant_canaries(root)
    os.symlink(canary, tree / "leak.txt")
    os.symlink(canary.parent, tree / "leakdir")
    app = PublishRootApp(django_stand_in)
    app._folders, app._default, app._loaded_at = (
        {SITE_HOST: SITE_HOST},
        SITE_HOST,
        float("inf"),
    )
    httpd = WSGIServer(("127.0.0.1", 0), QuietHandler)
    httpd.set_app(app)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], canary, tree.name
    httpd.shutdown()
    httpd.server_close()


def test_traversal_corpus_is_refused_without_a_leaked_byte(server):
    port, canary, tree = server
    probes = load_probes(canary, tree)
    assert len(probes) >= 60
    assert failures(port, SITE_HOST, probes) == []


def test_symlinks_pointing_outside_the_tree_are_404(server):
    port, canary, _ = server
    assert send_raw(port, "/leak.txt", SITE_HOST)[0] == 404
    assert send_raw(port, f"/leakdir/{canary.name}", SITE_HOST)[0] == 404


def test_the_site_itself_is_still_served(server):
    port, _, _ = server
    status, body = send_raw(port, "/", SITE_HOST)
    assert (status, body) == (200, b"<p>home</p>")


def test_malformed_host_is_400_and_unknown_host_gets_the_default_site(server):
    port, _, _ = server
    assert send_raw(port, "/", "a/b")[0] == 400
    assert send_raw(port, "/", "other.example")[0] == 200


def test_post_to_a_static_file_is_405_with_allow(server):
    port, _, _ = server
    head = exchange(
        port,
        f"POST / HTTP/1.1\r\nHost: {SITE_HOST}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    )
    assert head.startswith("HTTP/1.1 405") or head.startswith("HTTP/1.0 405")
    assert "Allow: GET, HEAD" in head


def test_served_files_and_the_404_page_carry_the_security_headers(server):
    port, _, _ = server
    for target in ("/", "/missing.html"):
        head = exchange(
            port,
            f"GET {target} HTTP/1.1\r\nHost: {SITE_HOST}\r\nConnection: close\r\n\r\n",
        ).lower()
        assert "x-content-type-options: nosniff" in head
        assert "content-security-policy:" in head
