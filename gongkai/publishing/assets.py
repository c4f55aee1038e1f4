"""Static assets, media and attachments that published pages link to, found in their HTML."""

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from wagtail.documents import get_document_model

ASSET_LINK = re.compile(
    rb"""(?:href|src)=["'](/(?:static|media|documents)/[^"'?#\s]+)"""
)
CSS_URL = re.compile(rb"""url\(\s*["']?([^"')?#\s]+)""")


def find_asset_links(html: bytes) -> set[str]:
    """URL paths of /static/, /media/ and /documents/ files referenced by a page."""
    return {unquote(match.decode()) for match in ASSET_LINK.findall(html)}


def find_css_links(css: bytes, css_url_path: str) -> set[str]:
    """URL paths referenced by url(...) in a stylesheet, resolved against its location."""
    links = set()
    for match in CSS_URL.findall(css):
        link = match.decode()
        if link.startswith(("data:", "http:", "https:", "//")):
            continue
        links.add(
            posixpath.normpath(
                posixpath.join(posixpath.dirname(css_url_path), unquote(link))
            )
        )
    return links


def find_asset_source(url_path: str) -> Path | None:
    """The file to publish at `url_path`, or None if it must stay with the application
    (unknown, or an attachment in a collection with view restrictions)."""
    if url_path.startswith(settings.STATIC_URL):
        found = finders.find(url_path[len(settings.STATIC_URL) :])
        if not found and settings.STATIC_ROOT:
            candidate = (
                Path(settings.STATIC_ROOT) / url_path[len(settings.STATIC_URL) :]
            )
            found = str(candidate) if candidate.is_file() else None
        return Path(found) if found else None
    if url_path.startswith(settings.MEDIA_URL):
        candidate = Path(settings.MEDIA_ROOT) / url_path[len(settings.MEDIA_URL) :]
        return (
            candidate
            if _inside(candidate, Path(settings.MEDIA_ROOT)) and candidate.is_file()
            else None
        )
    return _find_document_source(url_path)


def _find_document_source(url_path: str) -> Path | None:
    parts = url_path.strip("/").split("/")
    if len(parts) != 3 or parts[0] != "documents" or not parts[1].isdigit():
        return None
    document = (
        get_document_model()
        .objects.filter(pk=int(parts[1]))
        .select_related("collection")
        .first()
    )
    if document is None or document.filename != parts[2]:
        return None
    if document.collection.get_view_restrictions().exists():
        return None  # private: the application checks the reader each time
    try:
        path = Path(document.file.path)
    except NotImplementedError:  # remote storage: the application serves it
        return None
    return path if path.is_file() else None


def document_url_prefix(document_id: int) -> str:
    return f"/documents/{document_id}/"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
