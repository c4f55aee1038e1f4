"""A reply attachment as a download, for the office and the applicant alike."""

from urllib.parse import quote

from django.http import FileResponse, Http404

from .models import ReplyAttachment


def attachment_response(attachment: ReplyAttachment) -> FileResponse:
    """The stored file under its checked name; never rendered by the browser."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    # The name was cleaned on upload; quoted (RFC 5987) for the Chinese characters.
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(attachment.name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
