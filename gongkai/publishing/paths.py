"""Public URL paths and the files that hold them. Pure rule: no ORM, no clock."""

import re
from urllib.parse import unquote

INDEX_FILE = "index.html"


class UnsafePathError(ValueError):
    pass


def url_to_file_path(url_path: str) -> str:
    """The file, relative to the site's publish folder, that answers `url_path`.

    "/" -> "index.html", "/a/b/" -> "a/b/index.html", "/rss.xml" -> "rss.xml".
    Percent-escapes are decoded: web servers look files up by the decoded path.
    """
    raw = url_path.split("?", 1)[0].split("#", 1)[0]
    # An encoded separator inside a segment (%2F, %5C) would change the segment
    # structure after decoding: refused before decoding, not normalised.
    if re.search(r"%(2f|5c|00)", raw, re.IGNORECASE):
        raise UnsafePathError(url_path)
    path = unquote(raw)
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        raise UnsafePathError(url_path)
    parts = path.split("/")[1:]
    # Empty segments ("//etc/passwd") are refused: joined to a folder they would
    # make an absolute path and drop the folder. Only the trailing "" of "/a/" is allowed.
    if any(part == "" for part in parts[:-1]):
        raise UnsafePathError(url_path)
    if any(part in (".", "..") or part.startswith(".") for part in parts):
        raise UnsafePathError(url_path)
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
