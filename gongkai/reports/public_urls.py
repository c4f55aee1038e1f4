"""Downloads published beside a page (`<page url><name>.docx|xlsx`), served by the
application where no published file answers (before publishing, `gongkai serve`
fallback, previews). Wagtail's own URL pattern accepts only `[\\w-]+/` segments, so a
file name with an extension needs this pattern."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import re_path
from wagtail.models import Site

DOWNLOAD = r"^(?P<page_path>(?:[\w\-]+/)+)(?P<name>[\w\-]+\.(?:docx|xlsx))$"


def serve_download(request: HttpRequest, page_path: str, name: str) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [part for part in page_path.split("/") if part]
    routed = site.root_page.localized.specific.route(request, components)[0]
    page = routed.specific
    # A routable page also answers its sub-paths: the file must sit beside the page itself.
    if (
        page.relative_url(site, request) != "/" + page_path
        or not page.live
        or page.get_view_restrictions().exists()
    ):
        raise Http404
    downloads = getattr(page, "published_downloads", None)
    if downloads is None or name not in downloads():
        raise Http404
    return page.serve_download(name)


urlpatterns = [re_path(DOWNLOAD, serve_download, name="page_download")]
