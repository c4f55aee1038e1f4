"""Public URL paths and the files that hold them. Pure rule: no ORM, no clock."""

import re
from urllib.parse import unquote

INDEX_FILE = "index.html"


class UnsafePathError(ValueError):
    pass


def url_to_file_path(url_path: str) -> str:
    """The file, relative to the site's publish folder, that answers `url_path`.

    "/" -> "index.html", "/a/b/" -> "a/b/index.html", "/rss.xml" -> "rss.xml".
    `url_path` is a URL as written in a page (percent-escapes are decoded here, as web
    servers look files up by the decoded path); for a path a server already decoded
    (WSGI's PATH_INFO) use decoded_path_to_file_path, or it would be decoded twice.
    """
    raw = url_path.split("?", 1)[0].split("#", 1)[0]
    # An encoded separator inside a segment (%2F, %5C) would change the segment
    # structure after decoding: refused before decoding, not normalised.
    if re.search(r"%(2f|5c|00)", raw, re.IGNORECASE):
        raise UnsafePathError(url_path)
    return decoded_path_to_file_path(unquote(raw))


def decoded_path_to_file_path(path: str) -> str:
    """url_to_file_path for a path whose percent-escapes are already decoded.

    A "%" left in it is a literal character of a file name, never decoded again, so
    "%252e%252e" from the wire stays the harmless name "%2e%2e".
    """
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        raise UnsafePathError(path)
    parts = path.split("/")[1:]
    # Empty segments ("//etc/passwd") are refused: joined to a folder they would
    # make an absolute path and drop the folder. Only the trailing "" of "/a/" is allowed.
    if any(part == "" for part in parts[:-1]):
        raise UnsafePathError(path)
    if any(part in (".", "..") or part.startswith(".") for part in parts):
        raise UnsafePathError(path)
    if path.endswith("/"):
        return "/".join([*parts[:-1], INDEX_FILE])
    return "/".join(parts)


def file_to_url_path(file_path: str) -> str:
    """The inverse of url_to_file_path: "a/b/index.html" -> "/a/b/"."""
    if file_path == INDEX_FILE:
        return "/"
    if file_path.endswith("/" + INDEX_FILE):
        return "/" + file_path[: -len(INDEX_FILE)]
    return "/" + file_path


def has_prefix(url_path: str, prefixes: tuple[str, ...]) -> bool:
    return any(url_path.startswith(prefix) for prefix in prefixes)
