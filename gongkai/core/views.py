"""Site-level public pages that belong to no page of the tree: 网站地图 and 联系我们.

Both are published as files by the static publisher (publishing.targets.site_targets)
and served by these views only where pages are served dynamically (development).
"""

from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from wagtail.models import Site


def _require_site(request: HttpRequest) -> None:
    if Site.find_for_request(request) is None:
        raise Http404


def site_map(request: HttpRequest) -> TemplateResponse:
    """网站地图: the column tree of the site (政府网站发展指引: every site offers one)."""
    _require_site(request)
    return TemplateResponse(request, "core/site_map.html")


def contact(request: HttpRequest) -> TemplateResponse:
    """联系我们: the sponsor's address, postcode, phone and e-mail from SiteIdentity."""
    _require_site(request)
    return TemplateResponse(request, "core/contact.html")
