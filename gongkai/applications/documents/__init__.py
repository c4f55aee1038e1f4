"""The notices of an application (受理回执, 补正告知书, 延期答复告知书, 收费通知书, 意见征询函, 答复书)
as DOCX and printable HTML."""

from collections.abc import Callable

from ..models import Application
from .content import (
    DocumentUnavailable,
    Notice,
    build_consultation_letter,
    build_correction_notice,
    build_extension_notice,
    build_fee_notice,
    build_receipt,
    build_reply,
)
from .printable import render_html
from .word import render_docx

BUILDERS: dict[str, tuple[str, Callable[[Application], Notice]]] = {
    "receipt": ("受理回执", build_receipt),
    "correction": ("补正告知书", build_correction_notice),
    "extension": ("延期答复告知书", build_extension_notice),
    "fee": ("收费通知书", build_fee_notice),
    "reply": ("答复书", build_reply),
}


def available_documents(application: Application) -> list[tuple[str, str]]:
    """(kind, label) of the notices the application has reached, in BUILDERS order."""
    available = []
    for kind, (label, build) in BUILDERS.items():
        try:
            build(application)
        except DocumentUnavailable:
            continue
        available.append((kind, label))
    return available


__all__ = [
    "BUILDERS",
    "DocumentUnavailable",
    "Notice",
    "available_documents",
    "build_consultation_letter",
    "render_docx",
    "render_html",
]
