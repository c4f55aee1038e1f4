"""Public URL paths and the files that hold them. Pure rule: no ORM, no clock."""

from urllib.parse import unquote

INDEX_FILE = "index.html"


class UnsafePathError(ValueError):
    pass


def url_to_file_path(url_path: str) -> str:
    """The file, relative to the site's publish folder, that answers `url_path`.

    "/" -> "index.html", "/a/b/" -> "a/b/index.html", "/rss.xml" -> "rss.xml".
    Percent-escapes are decoded: web servers look files up by the decoded path.
    """
    path = unquote(url_path.split("?", 1)[0].split("#", 1)[0])
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        raise UnsafePathError(url_path)
    parts = path.split("/")[1:]
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
