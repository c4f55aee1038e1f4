"""Build the demo site: 金东区人民政府's portal with the seed page and a few hundred items.

Idempotent (everything is looked up by slug or name before it is created) and
deterministic (fixed dates and one seeded random generator, see items.py). Only the
admin password changes between runs.
"""

import os
import secrets
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from gongkai.catalog.models import ArticlePage, InterpretationPage
from gongkai.columns.models import ColumnPage, HomePage
from gongkai.core.models import Organisation, SiteIdentity
from gongkai.search.indexing import rebuild_index as rebuild_search_index

from .applications import ensure_demo_applications
from .columns import ensure_columns
from .editorial import ensure_editorial_demo
from .interaction import ensure_interaction_demo
from .item_pages import ensure_items
from .items import plan_items
from .legacy import ensure_legacy_portal
from .organisations import GOVERNMENT, ORGANISATIONS_BY_KEY, ensure_organisations
from .pages import DemoBuildError, add_draft, indexed_once, publish
from .protected_terms import ensure_demo_protected_terms
from .reports import REPORT_COLUMN, ensure_annual_reports
from .seed import (
    GRAPHIC_COLUMN,
    SEED_COLUMN,
    ensure_graphic_interpretation,
    ensure_seed_article,
)
from .sources import load_corpus

DEFAULT_ITEM_COUNT = 320
HOME_SLUG = "home"
SITE_HOSTNAME = "127.0.0.1"
SITE_PORT = (
    8000  # the default; GONGKAI_PORT or `gongkai demo --serve ADDR:PORT` change it
)
PORT_ENV = "GONGKAI_PORT"
ADMIN_USERNAME = "admin"
PASSWORD_ENV = "GONGKAI_DEMO_PASSWORD"  # noqa: S105 (the variable's name, not a password)
# Footer values; the 备案 numbers are visibly fake so nobody mistakes the demo for the real site.
SITE_IDENTITY = {
    "sponsor": "金华市金东区人民政府办公室",
    "organiser": "金华市金东区大数据发展中心（演示）",
    "site_code": "3307030001",
    "icp_number": "浙ICP备00000000号-1",
    "police_number": "浙公网安备 33070302000000号",
    "address": "浙江省金华市金东区（演示地址）",
    "phone": "0579-80000000",
    "email": "gongkai-demo@example.org",
    "postcode": "321000",
    "conac_url": "https://bszs.conac.cn/sitename?method=show&id=3307030001",
    "error_report_url": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?websiteid=3307030001",
}


class _Output(Protocol):
    """Where progress lines go: a text stream or a management command's OutputWrapper
    (which is not a typing.TextIO)."""

    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True)
class DemoSite:
    site: Site
    home: HomePage
    columns: dict[str, ColumnPage]
    organisations: dict[str, Organisation]
    seed_page: ArticlePage
    graphic_interpretation: InterpretationPage
    admin_username: str
    admin_password: str
    password_from_env: bool
    item_count: int  # further items planned (beyond the seed page and its 图解)
    created_item_count: int  # of which this run created


def default_site_port() -> int:
    """GONGKAI_PORT when set (a port 1-65535), else 8000."""
    value = os.environ.get(PORT_ENV, "").strip()
    if not value:
        return SITE_PORT
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise DemoBuildError(
            _("环境变量 %(name)s 应为 1-65535 之间的端口号，当前为“%(value)s”。")
            % {"name": PORT_ENV, "value": value}
        )
    return int(value)


def build_demo_site(
    *,
    item_count: int = DEFAULT_ITEM_COUNT,
    stdout: _Output | None = None,
    port: int | None = None,
) -> DemoSite:
    """Create whatever of the demo site is missing, publish it, and reset the admin password.

    The default Site gets *port* (else GONGKAI_PORT, else 8000): published pages build
    their absolute URLs (QR codes, sitemap, feeds, robots.txt) from the Site, so they
    point where the demo is actually served.
    """
    if item_count < 0:
        raise DemoBuildError(_("信息条数不能为负数。"))
    if port is None:
        port = default_site_port()

    def report(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    with transaction.atomic(), indexed_once():
        admin, password, from_env = ensure_admin()
        organisations = ensure_organisations()
        home, site = ensure_home_and_site(user=admin, port=port)
        own_site(organisations[GOVERNMENT], home)
        ensure_site_identity(site=site)
        columns = ensure_columns(home=home, user=admin)
        report(
            _("机构 %(organisations)d 个，栏目 %(columns)d 个")
            % {"organisations": len(organisations), "columns": len(columns)}
        )
        seed_page = ensure_seed_article(column=columns[SEED_COLUMN], user=admin)
        graphic = ensure_graphic_interpretation(
            column=columns[GRAPHIC_COLUMN], seed_page=seed_page, user=admin
        )
        corpus = [paragraph.text for paragraph in load_corpus()]
        created = ensure_items(
            specs=plan_items(count=item_count, corpus=corpus),
            columns=columns,
            organisations=organisations,
            corpus=corpus,
            user=admin,
            report=report,
        )
        legacy = ensure_legacy_portal(site=site, columns=columns)
        report(
            _("历史网站导入：旧网址 %(count)d 个保留（301 跳转到新页面）")
            % {"count": len(legacy.entries) + legacy.columns}
        )
        applications = ensure_demo_applications(organisations=organisations, user=admin)
        report(_("依申请公开演示申请新建 %(count)d 件") % {"count": applications})
        ensure_annual_reports(
            column=columns[REPORT_COLUMN],
            organisation=organisations[GOVERNMENT],
            user=admin,
        )
        ensure_editorial_demo(
            organisations=organisations, columns=columns, user=admin, report=report
        )
        hudong = ensure_interaction_demo(organisations=organisations)
        ensure_demo_protected_terms(organisation=organisations[GOVERNMENT])
        report(_("互动交流演示账号：%(accounts)s") % {"accounts": "，".join(hudong)})
    rebuild_search_index()  # the public search index, at once (its tasks may run after exit)
    return DemoSite(
        site=site,
        home=home,
        columns=columns,
        organisations=organisations,
        seed_page=seed_page,
        graphic_interpretation=graphic,
        admin_username=admin.username,
        admin_password=password,
        password_from_env=from_env,
        item_count=item_count,
        created_item_count=created,
    )


def own_site(organisation: Organisation, home: HomePage) -> None:
    """The district government owns the demo site (站群: one site per organisation)."""
    if organisation.root_page_id != home.pk:
        organisation.root_page = home
        organisation.save(update_fields=["root_page"])


def ensure_admin() -> tuple[Any, str, bool]:
    """The superuser `admin`, with a fresh random password unless GONGKAI_DEMO_PASSWORD is set."""
    given = os.environ.get(PASSWORD_ENV, "")
    password = given or secrets.token_urlsafe(12)
    user_model = get_user_model()
    admin = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = user_model(username=ADMIN_USERNAME, email="admin@example.org")
    admin.is_active = admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    return admin, password, bool(given)


def ensure_home_and_site(
    *, user: Any = None, port: int = SITE_PORT
) -> tuple[HomePage, Site]:
    """The HomePage below the tree root, replacing Wagtail's welcome page, and the default
    Site (127.0.0.1:*port*) pointing at it."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(slug=HOME_SLUG).first()
    if home is None:
        _remove_welcome_page(root)
        name = ORGANISATIONS_BY_KEY[GOVERNMENT].name
        home = HomePage(
            title=name, slug=HOME_SLUG, intro="金华市金东区人民政府门户网站"
        )
        add_draft(parent=root, page=home)
        publish(page=home, user=user)
    return home, _point_default_site(home, port)


def _remove_welcome_page(root: Page) -> None:
    """Delete Wagtail's 'Welcome to your new Wagtail site!' page (a bare Page, no children)."""
    page = Page.objects.child_of(root).filter(slug=HOME_SLUG).first()
    if page is None:
        return
    if page.specific_class is not Page or page.numchild:
        raise DemoBuildError(
            _("页面树根下已有 slug 为“%(slug)s”的页面《%(title)s》，无法创建演示首页。")
            % {"slug": HOME_SLUG, "title": page.title}
        )
    page.delete()  # its Site goes with it (on_delete=CASCADE); a new default is made below


def _point_default_site(home: HomePage, port: int = SITE_PORT) -> Site:
    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname=SITE_HOSTNAME, port=port).first()
        or Site()
    )
    site.hostname, site.port = SITE_HOSTNAME, port
    site.root_page = home
    site.is_default_site = True
    site.site_name = home.title
    site.save()
    return site


def ensure_site_identity(*, site: Site) -> SiteIdentity:
    """Fill the footer fields that are still empty; an editor's values are kept."""
    identity = SiteIdentity.for_site(site)
    for field, value in SITE_IDENTITY.items():
        if not getattr(identity, field):
            setattr(identity, field, value)
    identity.save()
    return identity
