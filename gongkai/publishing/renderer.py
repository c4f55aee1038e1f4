"""Render a site's files through Wagtail, as an anonymous reader would receive them."""

from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve
from django.utils import feedgenerator
from wagtail.models import Page, Site

from gongkai.catalog.models import DisclosurePage
from gongkai.catalog.selectors import list_column_items

from .conf import get_dynamic_prefixes
from .enums import FileKind
from .paths import has_prefix
from .targets import (
    SITEMAP_INDEX,
    Target,
    get_page_path,
    list_site_pages,
    sitemap_path,
)


class RenderError(Exception):
    """A page could not be rendered; the message says why (shown to the operator)."""


class SiteRenderer:
    """Renders the targets of one site; one instance per publish run."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.root_url = site.root_url
        self.home = site.root_page.specific
        self.factory = RequestFactory()
        self._nav: list[Page] | None = None
        self._crumbs: dict[str, Any] = {}

    def make_request(self, url_path: str) -> HttpRequest:
        request = self.factory.get(
            url_path,
            HTTP_HOST=self.site.hostname
            if self.site.port in (80, 443)
            else f"{self.site.hostname}:{self.site.port}",
            SERVER_PORT=str(self.site.port),
            secure=self.site.port == 443,
        )
        request.user = AnonymousUser()
        request._wagtail_site = self.site  # type: ignore[attr-defined]
        request._gongkai_home = self.home  # type: ignore[attr-defined]  # see gongkai_tags.site_home
        # Per-site values every page reads once per request: read once per run instead
        # (site settings, the navigation, breadcrumb ancestors; see gongkai_tags).
        for model, value in self._site_settings().items():
            setattr(request, model.get_cache_attr_name(), value)
        request._gongkai_nav_columns = self._nav_columns()  # type: ignore[attr-defined]
        request._gongkai_crumb_cache = self._crumbs  # type: ignore[attr-defined]
        return request

    def _nav_columns(self) -> list[Page]:
        if self._nav is None:
            self._nav = list(self.home.get_children().live().public().in_menu())
        return self._nav

    def _site_settings(self) -> dict[Any, Any]:
        if not hasattr(self, "_settings_cache"):
            from wagtail.contrib.settings.registry import registry

            self._settings_cache = {
                model: model.for_site(self.site)
                for model in registry
                if hasattr(model, "for_site") and hasattr(model, "get_cache_attr_name")
            }
        return self._settings_cache

    def render(self, target: Target, page: Page | None = None) -> bytes:
        renderers = {
            FileKind.PAGE: self.render_page,
            FileKind.FEED: self.render_feed,
            FileKind.SITEMAP: self.render_sitemap,
            FileKind.SITEMAP_INDEX: self.render_sitemap_index,
            FileKind.ROBOTS: self.render_robots,
            FileKind.NOT_FOUND: self.render_not_found,
            FileKind.DOWNLOAD: self.render_download,
        }
        try:
            return renderers[FileKind(target.kind)](target, page)
        except RenderError:
            raise
        except Http404 as exc:
            raise RenderError("页面不存在（404）") from exc
        except Exception as exc:
            raise RenderError(f"{type(exc).__name__}: {exc}") from exc

    def render_page(self, target: Target, page: Page | None = None) -> bytes:
        request = self.make_request(target.url_path)
        if page is not None and target.page_id == page.pk:
            # The publisher already holds the page: skip routing (a query per level).
            routed, args = page, ()
            kwargs = {"page_number": target.page_number} if target.page_number else {}
            if target.list_count is not None:
                kwargs["list_count"] = target.list_count
        elif target.page_id is None:
            # A site-level page (网站地图, 联系我们): its Django view renders it.
            match = resolve(target.url_path)
            response = match.func(request, *match.args, **match.kwargs)
            return self._content(response)
        else:
            components = [part for part in target.url_path.split("/") if part]
            routed, args, kwargs = self.home.route(request, components)
        return self._content(routed.serve(request, *args, **kwargs))

    @staticmethod
    def _content(response: Any) -> bytes:
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200:
            raise RenderError(f"HTTP {response.status_code}")
        return response.content

    def _owner(self, target: Target, page: Page | None) -> Page:
        if page is not None:
            return page
        if target.page_id is None:
            raise RenderError("缺少页面")
        return Page.objects.get(pk=target.page_id).specific

    def render_download(self, target: Target, page: Page | None = None) -> bytes:
        owner = self._owner(target, page)
        return owner.render_download(target.url_path.rsplit("/", 1)[-1])

    def render_feed(self, target: Target, page: Page | None = None) -> bytes:
        column = self._owner(target, page)
        items = list(list_column_items(column=column)[:20])
        feed = feedgenerator.Rss201rev2Feed(
            title=f"{column.title} - {self.home.title}",
            link=self.root_url + (get_page_path(column, self.site) or "/"),
            description=column.title,
            language="zh-cn",
            feed_url=self.root_url + target.url_path,
        )
        for item in items:
            feed.add_item(
                title=item.title,
                link=self.root_url + (get_page_path(item, self.site) or "/"),
                description=item.summary or item.title,
                pubdate=item.published_at,
                unique_id=item.index_number or str(item.pk),
            )
        # Dated by the newest item, not the clock: an unchanged column renders the same bytes.
        latest = (items[0].published_at if items else None) or _EPOCH
        feed.latest_post_date = lambda: latest  # type: ignore[method-assign]
        return feed.writeString("utf-8").encode()

    def render_sitemap(self, target: Target, page: Page | None = None) -> bytes:
        parent = self._owner(target, page)
        parent_path = get_page_path(parent, self.site)
        rows = [(parent.url_path, parent.last_published_at)]
        if parent_path:
            # A child's URL is its parent's plus its own slug part of url_path: no
            # routing per child (a column of 10,000 items has 10,000 children).
            rows += list(
                parent.get_children()
                .live()
                .public()
                .order_by("path")
                .values_list("url_path", "last_published_at")
            )
        prefixes = get_dynamic_prefixes()
        urls = []
        for url_path, lastmod in rows:
            path = parent_path and parent_path + url_path[len(parent.url_path) :]
            if path and not has_prefix(path, prefixes):
                urls.append(
                    f"<url><loc>{escape(self.root_url + path)}</loc>"
                    + (
                        f"<lastmod>{lastmod.date().isoformat()}</lastmod>"
                        if lastmod
                        else ""
                    )
                    + "</url>"
                )
        return _xml("urlset", urls)

    def render_sitemap_index(self, target: Target, page: Page | None = None) -> bytes:
        from .targets import is_structural

        entries = [
            f"<sitemap><loc>{escape(self.root_url + sitemap_path(each.pk))}</loc></sitemap>"
            for each in list_site_pages(self.site).not_type(*_leaf_types())
            if is_structural(each) and get_page_path(each, self.site)
        ]
        return _xml("sitemapindex", entries)

    def render_robots(self, target: Target, page: Page | None = None) -> bytes:
        lines = [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /api/",
            "Disallow: /search/",
            "",
            f"Sitemap: {self.root_url}{SITEMAP_INDEX}",
            "",
        ]
        return "\n".join(lines).encode()

    def render_not_found(self, target: Target, page: Page | None = None) -> bytes:
        request = self.make_request(target.url_path)
        return render_to_string(
            "404.html", {"request_path": target.url_path}, request=request
        ).encode()


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _leaf_types() -> list[Any]:
    return [DisclosurePage]


def _xml(root: str, entries: list[str]) -> bytes:
    body = "\n".join(entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</{root}>\n'
    ).encode()
