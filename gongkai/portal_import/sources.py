"""Where the old portal is read from: its live URL, or a local mirror folder
(wget/HTTrack style: the folder is the site's root, `/col/col1/` is
`col/col1/index.html`, a URL with a query is the file `name?query`).

`fetch(path, form=…)` is a POST on a live site (Hanweb's list data proxy); in a mirror
it is the file `name?query&form` (the request saved as a GET with the form in its
query), else `name?query` (saved by `wget --post-data`)."""

import os
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

import requests

MAX_BYTES = 50 * 1024 * 1024  # one page or attachment
TIMEOUT = 20  # seconds


class SourceError(Exception):
    """The source cannot be read at all; the message is user-facing Chinese."""


class FolderSource:
    def __init__(self, folder: str) -> None:
        path = Path(folder)
        if not path.is_dir():
            raise SourceError(f"镜像文件夹“{folder}”不存在或不是文件夹。")
        self.root = os.path.realpath(path)
        self.base_url = "http://mirror.invalid"
        self.start_path = "/"

    def url(self, path: str) -> str:
        return self.base_url + path

    def fetch(
        self, path_or_url: str, form: dict[str, str] | None = None
    ) -> bytes | None:
        """The file for a site path (or a URL of this mirror); None if there is none or
        the path would leave the folder."""
        parts = urlsplit(path_or_url)
        if parts.netloc and parts.netloc != urlsplit(self.base_url).netloc:
            return None
        relative = unquote(parts.path).lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        candidates = [relative + (f"?{parts.query}" if parts.query else "")]
        if form:
            query = "&".join(filter(None, [parts.query, urlencode(form)]))
            candidates.insert(0, f"{relative}?{query}")
        if parts.query:
            candidates.append(relative)
        if "\x00" in path_or_url:
            return None
        for candidate in candidates:
            try:
                real = os.path.realpath(os.path.join(self.root, candidate))
                inside = os.path.commonpath([self.root, real]) == self.root
                if not inside or not os.path.isfile(real):
                    continue
                if os.path.getsize(real) > MAX_BYTES:
                    return None
                with open(real, "rb") as handle:
                    return handle.read()
            except (OSError, ValueError):  # a name too long for the file system, …
                return None
        return None


class HttpSource:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceError(f"“{url}”不是有效的网址，也不是存在的文件夹。")
        self.base_url = f"{parts.scheme}://{parts.netloc}"
        self.start_path = parts.path or "/"
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "gongkai-import/1.0"
        if self.fetch(self.start_path) is None:
            raise SourceError(f"无法读取起始页面 {url}。")

    def url(self, path: str) -> str:
        return self.base_url + path

    def fetch(
        self, path_or_url: str, form: dict[str, str] | None = None
    ) -> bytes | None:
        url = path_or_url if "://" in path_or_url else self.base_url + path_or_url
        if urlsplit(url).netloc != urlsplit(self.base_url).netloc:
            return None
        try:
            request = (
                self.session.post(url, data=form, timeout=TIMEOUT, stream=True)
                if form
                else self.session.get(url, timeout=TIMEOUT, stream=True)
            )
            with request as response:
                if response.status_code != 200:
                    return None
                data = bytearray()
                for chunk in response.iter_content(65536):
                    data += chunk
                    if len(data) > MAX_BYTES:
                        return None
                return bytes(data)
        except requests.RequestException as exc:
            if path_or_url == self.start_path:
                raise SourceError(f"无法连接 {url}：{exc.__class__.__name__}") from exc
            return None


def open_source(location: str) -> FolderSource | HttpSource:
    if "://" in location:
        return HttpSource(location)
    return FolderSource(location)
