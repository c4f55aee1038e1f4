"""A site-level public page that belongs to no page of the tree: 联系我们 (网站地图,
the column tree, is gongkai.columns.views.site_map).

It is published as files by the static publisher (publishing.targets.site_targets)
and served by these views only where pages are served dynamically (development).
"""

from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from wagtail.models import Site


def _require_site(request: HttpRequest) -> None:
    if Site.find_for_request(request) is None:
        raise Http404


def contact(request: HttpRequest) -> TemplateResponse:
    """联系我们: the sponsor's address, postcode, phone and e-mail from SiteIdentity."""
    _require_site(request)
    return TemplateResponse(request, "core/contact.html")
