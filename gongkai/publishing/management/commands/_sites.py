"""Site selection shared by the publishing commands."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site


def select_sites(hostname: str | None) -> list[Site]:
    sites = Site.objects.select_related("root_page").order_by(
        "-is_default_site", "hostname"
    )
    if hostname:
        sites = sites.filter(hostname=hostname)
        if not sites:
            raise CommandError(_("没有主机名为“%(host)s”的站点。") % {"host": hostname})
    if not sites:
        raise CommandError(_("还没有任何站点，请先创建站点（或运行 gongkai demo）。"))
    return list(sites)
