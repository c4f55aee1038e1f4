"""The open data API under /api/open/: items, columns and organisations as JSON with
pagination and ETags, the catalog per year as CSV/XLSX/JSON files, a JSON Feed and an
Atom feed per column, and the OpenAPI description of all of it.

Only the request's site and only live, public pages are ever returned (selectors.py).
Every response counts against a per-client rate limit in the shared cache.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe
from wagtail.models import Site

from gongkai.core.client_address import client_address
from gongkai.core.public_guards import count_hit, is_rate_limited, parse_rate
from gongkai.search.exports import safe_cell

from . import openapi, selectors
from .forms import ItemQueryForm, YearForm
from .records import FIELDS, as_row, column_record, item_record, organisation_record

_JSON = {"ensure_ascii": False}
DEFAULT_PER_PAGE = 20
FEED_LENGTH = 50
RATE_SCOPE = "opendata"
DEFAULT_RATE = "300/m"
View = Callable[..., HttpResponseBase]


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有对应的站点。")
    return site


def _error(status: int, errors: list[dict[str, str]]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status, json_dumps_params=_JSON)


def open_data_view(view: View) -> View:
    """GET/HEAD only, rate-limited per client, cacheable for five minutes."""

    @functools.wraps(view)
    @require_safe
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        rate = parse_rate(getattr(settings, "GONGKAI_OPENDATA_RATE", DEFAULT_RATE))
        address = client_address(request)
        if is_rate_limited(RATE_SCOPE, address, rate):
            response: HttpResponseBase = _error(
                429, [{"parameter": "", "message": "请求过于频繁，请稍后再试。"}]
            )
            response["Retry-After"] = str(rate.seconds if rate else 60)
            return response
        count_hit(RATE_SCOPE, address, rate)
        response = view(request, *args, **kwargs)
        response.setdefault("Cache-Control", "public, max-age=300")
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _with_etag(
    request: HttpRequest, fingerprint: str, build: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    """A strong ETag from what the content depends on; 304 when the client has it.

    Django's `condition` decorator would need the fingerprint computed in a separate
    function before the view; here the view already holds the filtered queryset.
    """
    etag = quote_etag(
        hashlib.sha256(f"{request.get_full_path()}|{fingerprint}".encode()).hexdigest()[
            :32
        ]
    )
    if etag in [
        tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")
    ]:
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        response = build()
    response["ETag"] = etag
    return response


def _absolute(request: HttpRequest) -> Callable[[str], str]:
    return request.build_absolute_uri


@open_data_view
def items(request: HttpRequest) -> HttpResponseBase:
    form = ItemQueryForm(request.GET)
    if not form.is_valid():
        return _error(400, form.errors_as_list())
    queryset = selectors.public_items(site=_site(request), filters=form.item_filter())

    def build() -> HttpResponseBase:
        per_page = form.cleaned_data.get("per_page") or DEFAULT_PER_PAGE
        paginator = Paginator(queryset, per_page)
        number = form.cleaned_data.get("page") or 1
        if number > paginator.num_pages and number != 1:
            return _error(
                404,
                [
                    {
                        "parameter": "page",
                        "message": f"页码超出范围（共 {paginator.num_pages} 页）。",
                    }
                ],
            )
        page = paginator.page(number)
        absolute = _absolute(request)
        body = {
            "count": paginator.count,
            "page": number,
            "num_pages": paginator.num_pages,
            "next": _page_url(request, number + 1) if page.has_next() else None,
            "previous": _page_url(request, number - 1) if page.has_previous() else None,
            "results": [item_record(item, absolute) for item in page.object_list],
        }
        return JsonResponse(body, json_dumps_params=_JSON)

    return _with_etag(request, selectors.fingerprint(queryset), build)


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@open_data_view
def item_detail(request: HttpRequest, item_id: int) -> HttpResponseBase:
    item = selectors.public_item(site=_site(request), item_id=item_id)
    if item is None:
        return _error(404, [{"parameter": "id", "message": "没有这条公开信息。"}])
    fingerprint = item.last_published_at.isoformat() if item.last_published_at else ""
    record = item_record(item, _absolute(request))
    return _with_etag(
        request, fingerprint, lambda: JsonResponse(record, json_dumps_params=_JSON)
    )


@open_data_view
def columns(request: HttpRequest) -> HttpResponseBase:
    site = _site(request)
    absolute = _absolute(request)
    records = [
        column_record(column, absolute)
        for column in selectors.public_columns(site=site)
    ]
    fingerprint = json.dumps(records, ensure_ascii=False)
    return _with_etag(
        request,
        fingerprint,
        lambda: JsonResponse({"results": records}, json_dumps_params=_JSON),
    )


@open_data_view
def organisations(request: HttpRequest) -> HttpResponseBase:
    records = [
        organisation_record(each)
        for each in selectors.publishing_organisations(site=_site(request))
    ]
    fingerprint = json.dumps(records, ensure_ascii=False)
    return _with_etag(
        request,
        fingerprint,
        lambda: JsonResponse({"results": records}, json_dumps_params=_JSON),
    )


@open_data_view
def bulk(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The whole public catalog of one year in one file (公开目录批量下载)."""
    if file_format not in BULK_WRITERS:
        raise Http404("不支持的文件格式。")
    form = YearForm(request.GET)
    if not form.is_valid():
        return _error(
            400,
            [
                {"parameter": name, "message": str(m)}
                for name, ms in form.errors.items()
                for m in ms
            ],
        )
    year = form.cleaned_data["year"]
    queryset = selectors.public_items(
        site=_site(request), filters=selectors.ItemFilter(year=year)
    )

    def build() -> HttpResponseBase:
        absolute = _absolute(request)
        records = (
            item_record(item, absolute) for item in queryset.iterator(chunk_size=500)
        )
        content_type, writer = BULK_WRITERS[file_format]
        response = StreamingHttpResponse(writer(records), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="gongkai-catalog-{year}.{file_format}"'
        )
        return response

    return _with_etag(request, selectors.fingerprint(queryset), build)


def _csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (Excel opens it right); formula cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _key, label in FIELDS])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in as_row(record)])
        yield buffer.getvalue().encode("utf-8")


def _json_lines(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    yield b'{"results": ['
    for index, record in enumerate(records):
        yield (b"," if index else b"") + json.dumps(record, ensure_ascii=False).encode(
            "utf-8"
        )
    yield b"]}"


def _xlsx_file(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)  # rows stream to the file, not held in memory
    sheet = workbook.create_sheet("公开目录")
    sheet.append([label for _key, label in FIELDS])
    for record in records:
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", safe_cell(cell)) for cell in as_row(record)]
        )
    output = io.BytesIO()
    workbook.save(output)
    yield output.getvalue()


BULK_WRITERS: dict[
    str, tuple[str, Callable[[Iterator[dict[str, Any]]], Iterator[bytes]]]
] = {
    "csv": ("text/csv; charset=utf-8", _csv_lines),
    "json": ("application/json", _json_lines),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _xlsx_file,
    ),
}


def _column_or_404(request: HttpRequest, column_id: int) -> Any:
    column = selectors.public_columns(site=_site(request)).filter(pk=column_id).first()
    if column is None:
        raise Http404("没有这个栏目。")
    return column


@open_data_view
def column_json_feed(request: HttpRequest, column_id: int) -> HttpResponseBase:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of a column's newest items."""
    column = _column_or_404(request, column_id)
    site = _site(request)
    queryset = selectors.public_items(
        site=site, filters=selectors.ItemFilter(column_id=column.pk)
    )

    def build() -> HttpResponseBase:
        absolute = _absolute(request)
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": f"{column.title} - {site.site_name or site.hostname}",
            "home_page_url": absolute(column.url),
            "feed_url": absolute(request.path),
            "language": "zh-CN",
            "items": [
                {
                    "id": absolute(item.url),
                    "url": absolute(item.url),
                    "title": item.title,
                    "summary": item.summary or item.title,
                    "content_text": item.summary or item.title,
                    "date_published": item.published_at.isoformat()
                    if item.published_at
                    else None,
                    "date_modified": item.last_published_at.isoformat()
                    if item.last_published_at
                    else None,
                    "authors": [{"name": item.publisher.name}]
                    if item.publisher_id
                    else [],
                }
                for item in queryset[:FEED_LENGTH]
            ],
        }
        response = JsonResponse(feed, json_dumps_params=_JSON)
        response["Content-Type"] = "application/feed+json; charset=utf-8"
        return response

    return _with_etag(request, selectors.fingerprint(queryset), build)


@open_data_view
def column_atom_feed(request: HttpRequest, column_id: int) -> HttpResponseBase:
    column = _column_or_404(request, column_id)
    site = _site(request)
    queryset = selectors.public_items(
        site=site, filters=selectors.ItemFilter(column_id=column.pk)
    )

    def build() -> HttpResponseBase:
        absolute = _absolute(request)
        feed = Atom1Feed(
            title=f"{column.title} - {site.site_name or site.hostname}",
            link=absolute(column.url),
            description="",
            language="zh-CN",
            feed_url=absolute(request.path),
        )
        for item in queryset[:FEED_LENGTH]:
            feed.add_item(
                title=item.title,
                link=absolute(item.url),
                description=item.summary or item.title,
                unique_id=absolute(item.url),
                pubdate=item.published_at,
                updateddate=item.last_published_at,
                author_name=item.publisher.name if item.publisher_id else None,
            )
        response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
        feed.write(response, "utf-8")
        return response

    return _with_etag(request, selectors.fingerprint(queryset), build)


@open_data_view
def schema(request: HttpRequest) -> HttpResponseBase:
    return JsonResponse(
        openapi.build_schema(server=request.build_absolute_uri("/api/open/")),
        json_dumps_params=_JSON,
    )
