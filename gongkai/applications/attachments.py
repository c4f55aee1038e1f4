"""Which files may be attached to a reply: type (extension and content), size and name.

Pure rules, no ORM. Written here rather than with Django's FileExtensionValidator alone
because the content must match the extension (a renamed executable is refused) and the
name shown to the applicant must be safe to put in a Content-Disposition header.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls (Office 97-2003)
# extension -> (content type, accepted leading bytes; None = plain text)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".ofd": ("application/ofd", (ZIP,)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (ZIP,),
    ),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".txt": ("text/plain; charset=utf-8", None),
    ".csv": ("text/csv; charset=utf-8", None),
}
MAX_NAME_LENGTH = 100
UNSAFE_NAME_CHARACTERS = re.compile(r'[\\/:*?"<>|;\x00-\x1f\x7f]')


class AttachmentRefused(ValueError):
    """The file may not be attached; the message says why, in Chinese."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str


def clean_name(raw: str) -> str:
    """The name as the applicant will see it: no folders, no control or reserved
    characters, at most MAX_NAME_LENGTH characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/"))
    name = PurePosixPath(name).name
    name = UNSAFE_NAME_CHARACTERS.sub("_", name).strip(" .")
    suffix = PurePosixPath(name).suffix.lower()
    stem = name[: len(name) - len(suffix)] if suffix else name
    if not stem or stem.strip("_") == "":
        raise AttachmentRefused("文件名无效，请修改文件名后重新上传。")
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix


def check_file(*, name: str, size: int, head: bytes, max_bytes: int) -> CheckedFile:
    """Refuse a file whose name, size or content is not allowed; return its clean name
    and the content type to serve it with."""
    safe_name = clean_name(name)
    suffix = PurePosixPath(safe_name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        allowed = "、".join(sorted({s.lstrip(".") for s in ALLOWED_TYPES}))
        raise AttachmentRefused(f"不支持该文件类型，可上传：{allowed}。")
    if size <= 0:
        raise AttachmentRefused("文件是空的。")
    if size > max_bytes:
        raise AttachmentRefused(f"文件过大：最大 {max_bytes // (1024 * 1024)} MB。")
    content_type, signatures = ALLOWED_TYPES[suffix]
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # not just a character cut at the end
                raise AttachmentRefused("文本文件须为 UTF-8 编码。") from None
        if b"\x00" in head:
            raise AttachmentRefused("文件内容与扩展名不符。")
    elif not head.startswith(signatures):
        raise AttachmentRefused("文件内容与扩展名不符。")
    return CheckedFile(safe_name, content_type)
