"""The admin's branding: the platform's name in tab titles and on the login page."""

from django import template
from django.conf import settings
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_site_name(context: template.Context) -> str:
    """The default site's name (e.g. 金东区人民政府), else WAGTAIL_SITE_NAME.

    Remembered on the request: several blocks of one admin page ask for it.
    """
    request = context.get("request")
    cached = getattr(request, "_gongkai_admin_site_name", None)
    if cached is not None:
        return cached
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    if request is not None:
        request._gongkai_admin_site_name = name
    return name
