"""A page form POST whose StreamField data is incomplete answers 400, not 500.

Wagtail's StreamBlock reads `<field>-count`, `<field>-N-type`, `-order`, `-deleted`
with `data[...]` and `int(...)`: a POST without them (not from the admin's own form:
a script, a truncated request) raised KeyError/ValueError deep in form binding and
answered 500. Before the admin binds the form, each StreamField of the page type is
decoded the same way Wagtail will decode it; if that fails the request is refused with
a Chinese 400. (Checked with Wagtail's own value_from_datadict so nested blocks are
covered without re-implementing the format.)"""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from wagtail.fields import StreamField
from wagtail.models import Page

INCOMPLETE = (
    "表单数据不完整或已损坏（正文结构缺失），未保存任何内容。请刷新编辑页后重新提交。"
)


def refuse_incomplete_stream_data(
    request: HttpRequest, page_class: type[Page]
) -> HttpResponse | None:
    if request.method != "POST":
        return None
    in_form = (
        page_class.get_edit_handler().get_form_class().base_fields
    )  # fields the form binds
    for field in page_class._meta.get_fields():
        if not isinstance(field, StreamField) or field.name not in in_form:
            continue
        try:
            field.stream_block.value_from_datadict(
                request.POST, request.FILES, field.name
            )
        except (KeyError, ValueError, TypeError, OverflowError):
            return HttpResponseBadRequest(
                INCOMPLETE, content_type="text/plain; charset=utf-8"
            )
    return None


def before_edit_page(request: HttpRequest, page: Any) -> HttpResponse | None:
    return refuse_incomplete_stream_data(request, page.specific_class or type(page))


def before_create_page(
    request: HttpRequest, parent_page: Any, page_class: type
) -> HttpResponse | None:
    return refuse_incomplete_stream_data(request, page_class)
