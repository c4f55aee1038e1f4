"""Text of attached files (PDF, DOCX, XLSX, TXT/CSV) for indexing with their item.

Pure: reads a binary file object, no ORM. A file that cannot be read yields "" and a
log line; a broken attachment must never stop an item from being indexed.
"""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

logger = logging.getLogger(__name__)
MAX_CHARS = 20_000  # per attachment: enough for ranking, bounded for the index


def extract_text(stream: BinaryIO, extension: str) -> str:
    extension = extension.lower().lstrip(".")
    reader = _READERS.get(extension)
    if reader is None:
        return ""
    try:
        return reader(stream)[:MAX_CHARS]
    except Exception:  # any parser error: index the item without it
        logger.warning("Cannot read text of a .%s attachment", extension, exc_info=True)
        return ""


def _pdf(stream: BinaryIO) -> str:
    from pypdf import PdfReader

    texts, total = [], 0
    for page in PdfReader(stream).pages:
        text = page.extract_text() or ""
        texts.append(text)
        total += len(text)
        if total > MAX_CHARS:
            break
    return "\n".join(texts)


def _docx(stream: BinaryIO) -> str:
    import docx

    document = docx.Document(stream)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _xlsx(stream: BinaryIO) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(stream.read()), read_only=True, data_only=True)
    parts: list[str] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
            if len(parts) > MAX_CHARS // 4:
                return " ".join(parts)
    return " ".join(parts)


def _plain(stream: BinaryIO) -> str:
    raw = stream.read(MAX_CHARS * 4)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


_READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "txt": _plain, "csv": _plain}
