"""Notices as printable HTML (A4, the same layout as the DOCX)."""

from django.template.loader import render_to_string

from .content import Notice, chinese_date


def render_html(notice: Notice) -> str:
    return render_to_string(
        "applications/documents/notice.html",
        {"notice": notice, "dated": chinese_date(notice.dated)},
    )
