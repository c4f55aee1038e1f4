"""The visit-counter endpoint: a static page calls it to count and show 访问次数."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from .bots import is_bot
from .dedup import first_view_in_window
from .services import get_view_count, record_view


@csrf_exempt  # called from static pages, which carry no CSRF token; it only counts.
@never_cache
@require_http_methods(["GET", "POST"])
def hits(request: HttpRequest, page_id: int) -> JsonResponse:
    """POST counts a view (unless from a bot, or the same client within the window)
    and returns the count; GET only reads it."""
    if not Page.objects.filter(pk=page_id, live=True).exists():
        return JsonResponse({"error": "页面不存在"}, status=404)
    if (
        request.method == "POST"
        and not is_bot(request.headers.get("User-Agent"))
        and first_view_in_window(request, page_id)
    ):
        count = record_view(page_id=page_id)
    else:
        count = get_view_count(page_id=page_id)
    return JsonResponse({"page": page_id, "count": count})
