"""The path rules that keep `gongkai serve` inside a site's publish folder."""

import os

import pytest

from gongkai.publishing.paths import (
    UnsafePathError,
    decoded_path_to_file_path,
    url_to_file_path,
)
from gongkai.publishing.serving import contained_regular_file, is_valid_host


@pytest.mark.parametrize(
    "url",
    [
        "//etc/passwd",
        "/a//b",
        "/%2Fetc/passwd",
        "/%2fetc/passwd",
        "/a%5C..%5Cb",
        "/..",
        "/a/../../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/./index.html",
        "/.git/config",
        "/a\\b",
        "/a%00.html",
        "relative/path",
    ],
)
def test_unsafe_url_paths_are_refused(url):
    with pytest.raises(UnsafePathError):
        url_to_file_path(url)


@pytest.mark.parametrize(
    ("url", "file"),
    [
        ("/", "index.html"),
        ("/a/b/", "a/b/index.html"),
        ("/rss.xml", "rss.xml"),
        ("/%E5%85%AC%E5%BC%80/", "公开/index.html"),
    ],
)
def test_ordinary_url_paths_map_to_files(url, file):
    assert url_to_file_path(url) == file


@pytest.mark.parametrize(
    "host", ["example.gov.cn", "127.0.0.1:8123", "localhost", "[::1]:80", ""]
)
def test_valid_hosts(host):
    assert is_valid_host(host)


@pytest.mark.parametrize(
    "host", ["a/b", "..", ".example.org", "ex%2fample", "a..b", "host:port", "a b"]
)
def test_malformed_hosts(host):
    assert not is_valid_host(host)


@pytest.fixture
def tree(tmp_path):
    """A live tree under .trees/ with the site folder a symlink to it, as publishing makes it."""
    live = tmp_path / ".trees" / "t1"
    (live / "sub").mkdir(parents=True)
    (live / "index.html").write_text("home")
    (live / "sub" / "page.html").write_text("page")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("GK-CANARY")
    os.symlink(outside / "secret.txt", live / "leak.txt")
    os.symlink(outside, live / "leakdir")
    os.symlink(live / "index.html", live / "alias.html")
    site = tmp_path / "site"
    os.symlink(live, site)
    return site


def test_regular_file_inside_is_served(tree):
    assert contained_regular_file(tree, "sub/page.html").read_text() == "page"


def test_file_symlink_pointing_outside_is_refused(tree):
    assert contained_regular_file(tree, "leak.txt") is None


def test_directory_symlink_pointing_outside_is_refused(tree):
    assert contained_regular_file(tree, "leakdir/secret.txt") is None


def test_symlink_to_a_file_inside_the_tree_is_served(tree):
    # Decided: it cannot reveal anything the tree does not already publish.
    assert contained_regular_file(tree, "alias.html").read_text() == "home"


def test_directories_and_missing_files_are_not_served(tree):
    assert contained_regular_file(tree, "sub") is None
    assert contained_regular_file(tree, "missing.html") is None
    assert contained_regular_file(tree, "/etc/passwd") is None


def test_an_already_decoded_path_is_not_decoded_again():
    """PATH_INFO arrives decoded: "%252e%252e" on the wire is "%2e%2e" here, a literal
    (nonexistent) file name, never a second ".."."""
    assert decoded_path_to_file_path("/%2e%2e/gk-canary.txt") == "%2e%2e/gk-canary.txt"
    assert decoded_path_to_file_path("/公开/") == "公开/index.html"
    with pytest.raises(UnsafePathError):
        decoded_path_to_file_path("/../gk-canary.txt")
