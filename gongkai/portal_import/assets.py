"""Images and attachments of imported items, stored once per content.

Deduplicated by the SHA-1 that Wagtail itself keeps of every image and document
(`file_hash`): the same file under two URLs, or imported twice, is one object.
"""

import hashlib
import io
import posixpath
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

SAFE_NAME = re.compile(r"[^\w.-]+")


class AssetError(Exception):
    """An image or attachment could not be taken over; the message is Chinese."""


def _file_name(url: str, default: str) -> str:
    parts = urlsplit(url)
    name = posixpath.basename(unquote(parts.path))
    if "filename=" in parts.query:  # Hanweb's downfile.jsp?filename=…
        name = unquote(parts.query.split("filename=", 1)[1].split("&", 1)[0])
    name = SAFE_NAME.sub("_", name).strip("._") or default
    return name[-80:]


class AssetStore:
    def __init__(self, source: Any) -> None:
        self.source = source
        self._by_url: dict[str, Any] = {}

    def _download(self, url: str, what: str) -> bytes:
        data = self.source.fetch(url)
        if not data:
            raise AssetError(f"{what}无法下载：{url}")
        return data

    def image(self, url: str, title: str) -> Any:
        if url in self._by_url:
            return self._by_url[url]
        data = self._download(url, "图片")
        try:
            with PillowImage.open(io.BytesIO(data)) as picture:
                picture.verify()
                width, height = picture.size
        except Exception as exc:  # Pillow raises many kinds for broken files
            raise AssetError(f"图片不是有效的图像文件：{url}") from exc
        model = get_image_model()
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's file_hash is SHA-1
        image = model.objects.filter(file_hash=digest).first()
        if image is None:
            image = model(title=(title or _file_name(url, "image"))[:255])
            image.file.save(_file_name(url, "image.jpg"), ContentFile(data), save=False)
            image.width, image.height = (
                width,
                height,
            )  # after the file: saving it resets them
            image.file_hash = digest
            image.file_size = len(data)
            image.save()
        self._by_url[url] = image
        return image

    def document(self, url: str, title: str) -> Any:
        if url in self._by_url:
            return self._by_url[url]
        data = self._download(url, "附件")
        model = get_document_model()
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's file_hash is SHA-1
        document = model.objects.filter(file_hash=digest).first()
        if document is None:
            document = model(title=(title or _file_name(url, "attachment"))[:255])
            document.file.save(
                _file_name(url, "attachment"), ContentFile(data), save=False
            )
            document.file_hash = digest
            document.file_size = len(data)
            document.save()
        self._by_url[url] = document
        return document
