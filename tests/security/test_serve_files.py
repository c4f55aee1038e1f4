"""Files sent by `gongkai serve` (issue 13, item 2): Content-Type with charset, HEAD,
ETag/Last-Modified with 304, and a precompressed .gz sibling for gzip clients, on a
real HTTP server (the fixture of test_serve_traversal)."""

import gzip
import os

from .test_serve_traversal import SITE_HOST, exchange, server  # noqa: F401


def request(port, path, method="GET", **headers):
    lines = [f"{method} {path} HTTP/1.0", f"Host: {SITE_HOST}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    raw = exchange(port, "\r\n".join(lines) + "\r\n\r\n")
    head, _sep, body = raw.partition("\r\n\r\n")
    status_line, *header_lines = head.split("\r\n")
    parsed = {}
    for line in header_lines:
        name, _colon, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), parsed, body


def test_content_type_carries_a_charset(server):  # noqa: F811
    port, _canary, _tree = server
    status, headers, body = request(port, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == "<p>home</p>"


def test_head_sends_the_headers_without_the_body(server):  # noqa: F811
    port, _canary, _tree = server
    status, headers, body = request(port, "/", method="HEAD")
    assert status == 200
    assert headers["content-length"] == str(len("<p>home</p>"))
    assert "etag" in headers
    assert body == ""


def test_etag_and_last_modified_answer_304(server):  # noqa: F811
    port, _canary, _tree = server
    _status, headers, _body = request(port, "/")
    etag, modified = headers["etag"], headers["last-modified"]
    status, again, body = request(port, "/", If_None_Match=etag)
    assert (status, body) == (304, "")
    assert again["etag"] == etag
    assert request(port, "/", If_None_Match=f"W/{etag}")[0] == 304
    assert request(port, "/", If_None_Match='"other"')[0] == 200
    assert request(port, "/", If_Modified_Since=modified)[0] == 304
    assert (
        request(port, "/", If_Modified_Since="Thu, 01 Jan 1970 00:00:00 GMT")[0] == 200
    )
    # If-None-Match decides when both are sent.
    assert (
        request(port, "/", If_None_Match='"other"', If_Modified_Since=modified)[0]
        == 200
    )
    # A malformed date is ignored, not an error.
    assert request(port, "/", If_Modified_Since="not a date")[0] == 200


def test_the_404_page_is_never_304(server):  # noqa: F811
    port, _canary, _tree = server
    status, headers, _body = request(port, "/missing/")
    assert status == 404
    assert request(port, "/missing/", If_None_Match=headers["etag"])[0] == 404


def test_precompressed_sibling_goes_to_gzip_clients(server, settings):  # noqa: F811
    port, _canary, _tree = server
    folder = os.path.join(settings.GONGKAI_PUBLISH_ROOT, SITE_HOST)
    page = "<p>" + "公开" * 500 + "</p>"
    with open(os.path.join(folder, "big.html"), "w", encoding="utf-8") as handle:
        handle.write(page)
    with open(os.path.join(folder, "big.html.gz"), "wb") as handle:
        handle.write(gzip.compress(page.encode()))
    plain_status, plain, plain_body = request(port, "/big.html")
    assert plain_status == 200
    assert "content-encoding" not in plain
    assert plain["vary"] == "Accept-Encoding"
    assert plain_body.encode("latin-1").decode() == page
    status, zipped, body = request(port, "/big.html", Accept_Encoding="br, gzip;q=0.8")
    assert status == 200
    assert zipped["content-encoding"] == "gzip"
    assert zipped["vary"] == "Accept-Encoding"
    assert zipped["content-type"] == "text/html; charset=utf-8"
    assert gzip.decompress(body.encode("latin-1")).decode() == page
    assert zipped["etag"] != plain["etag"]
    # q=0 refuses gzip; an unknown coding gets the plain file.
    assert (
        "content-encoding"
        not in request(port, "/big.html", Accept_Encoding="gzip;q=0")[1]
    )
    assert "content-encoding" not in request(port, "/big.html", Accept_Encoding="br")[1]
    # A file without a sibling has no Vary.
    assert "vary" not in request(port, "/", Accept_Encoding="gzip")[1]


def test_a_gz_sibling_linked_out_of_the_folder_is_not_sent(server, settings):  # noqa: F811
    port, canary, _tree = server
    folder = os.path.join(settings.GONGKAI_PUBLISH_ROOT, SITE_HOST)
    os.symlink(canary, os.path.join(folder, "index.html.gz"))
    status, headers, body = request(port, "/", Accept_Encoding="gzip")
    assert status == 200
    assert "content-encoding" not in headers
    assert body == "<p>home</p>"


def test_post_to_a_file_is_still_405(server):  # noqa: F811
    port, _canary, _tree = server
    status, headers, _body = request(port, "/", method="POST", Content_Length="0")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"
