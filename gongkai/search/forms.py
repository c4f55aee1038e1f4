"""Query-string parsing for the search page, the catalog table and the JSON API.

One form reads every parameter; whatever is wrong is reported in Chinese and left out
of the search, and the rest of the query still runs, so a bad page number or a reversed
date range never costs the reader what they typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.enums import Validity

from .results import FACET_NAMES, SearchQuery, SortOrder

# Longer queries are cut, not refused: nobody types more than this on purpose.
MAX_QUERY_LENGTH = 100
# Deep pages cost the database an offset scan; past this the reader should narrow down.
MAX_RESULT_WINDOW = 10_000
MAX_PER_PAGE = 100
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
_FILTER_VALUE = {"year": re.compile(r"^\d{4}$")}
_ID_VALUE = re.compile(r"^\d{1,12}$")

SORT_CHOICES = [
    (SortOrder.RELEVANCE.value, _("按相关度")),
    (SortOrder.NEWEST.value, _("按日期从新到旧")),
    (SortOrder.OLDEST.value, _("按日期从旧到新")),
]


class QueryTextField(forms.CharField):
    """Free text: control characters dropped, cut to MAX_QUERY_LENGTH; never invalid."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""  # None only with empty_value=None
        text = "".join(
            " " if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") else ch
            for ch in text
        )
        return " ".join(text.split())


def _date_field(label: Any, invalid: Any) -> forms.DateField:
    """An optional date in any of DATE_FORMATS, with its own message when unreadable."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": invalid},
    )


class SearchForm(forms.Form):
    """The parameters shared by the search page, the catalog table and the API."""

    q = QueryTextField(label=_("检索词"), required=False)
    title_only = forms.BooleanField(label=_("仅检索标题"), required=False)
    date_from = _date_field(
        _("发布日期起"), _("起始日期格式不对，请按“年-月-日”填写，例如 2023-05-01。")
    )
    date_to = _date_field(
        _("发布日期止"), _("结束日期格式不对，请按“年-月-日”填写，例如 2023-12-31。")
    )
    index_number = QueryTextField(label=_("索引号"), required=False)
    document_number = QueryTextField(label=_("文号"), required=False)
    validity = forms.ChoiceField(
        label=_("有效性"),
        required=False,
        choices=[("", _("全部")), *Validity.choices],
        error_messages={"invalid_choice": _("有效性只能选择有效、失效或废止。")},
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": _("排序方式无效，已按相关度排序。")},
    )
    page = forms.IntegerField(
        label=_("页码"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("页码应为正整数，已显示第 1 页。"),
            "min_value": _("页码应为正整数，已显示第 1 页。"),
        },
    )
    per_page = forms.IntegerField(
        label=_("每页条数"),
        required=False,
        min_value=1,
        max_value=MAX_PER_PAGE,
        error_messages={
            "invalid": _("每页条数应为 1 到 100 之间的整数。"),
            "min_value": _("每页条数应为 1 到 100 之间的整数。"),
            "max_value": _("每页条数应为 1 到 100 之间的整数。"),
        },
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        default_sort: SortOrder = SortOrder.RELEVANCE,
        default_per_page: int = 20,
    ) -> None:
        super().__init__(data)
        self.default_sort = default_sort
        self.default_per_page = default_per_page
        self.notices: list[str] = []

    def clean_q(self) -> str:
        text: str = self.cleaned_data["q"]
        if len(text) > MAX_QUERY_LENGTH:
            self.notices.append(
                gettext("检索词过长，只按前 %(n)d 个字检索。") % {"n": MAX_QUERY_LENGTH}
            )
            text = text[:MAX_QUERY_LENGTH]
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to", gettext("结束日期早于起始日期，日期范围未生效，请检查。")
            )
            cleaned.pop("date_from", None)
        page, per_page = (
            cleaned.get("page") or 1,
            cleaned.get("per_page") or self.default_per_page,
        )
        if page * per_page > MAX_RESULT_WINDOW:
            self.add_error(
                "page",
                gettext(
                    "最多可翻看前 %(n)d 条结果，已显示第 1 页；请增加检索条件缩小范围。"
                )
                % {"n": MAX_RESULT_WINDOW},
            )
        return cleaned

    # -- reading the result -------------------------------------------------------------

    def selected_filters(self) -> tuple[dict[str, tuple[str, ...]], list[str]]:
        """Facet selections from the query string, and a notice if some were unusable."""
        filters: dict[str, tuple[str, ...]] = {}
        dropped = False
        for name in FACET_NAMES:
            values: list[str] = []
            for raw in self.data.getlist(name) if hasattr(self.data, "getlist") else []:
                value = raw.strip()
                if not value:
                    continue
                if not _FILTER_VALUE.get(name, _ID_VALUE).match(value):
                    dropped = True
                elif value not in values:
                    values.append(value)
            if values:
                filters[name] = tuple(values)
        notices = [gettext("部分筛选条件无效，已忽略。")] if dropped else []
        return filters, notices

    def error_messages(self) -> list[str]:
        """Every problem with the parameters, as Chinese sentences, in field order."""
        if not self.is_bound:
            return []
        self.is_valid()
        messages = list(self.notices)
        for field_errors in self.errors.values():
            messages.extend(str(message) for message in field_errors)
        return messages

    def to_query(
        self, *, scope_page_id: int | None = None, **overrides: Any
    ) -> SearchQuery:
        """The SearchQuery made of every valid parameter (invalid ones take defaults)."""
        self.is_valid()
        data = self.cleaned_data
        filters, notices = self.selected_filters()
        for notice in notices:
            if notice not in self.notices:
                self.notices.append(notice)
        sort = data.get("sort") or self.default_sort.value
        if not data.get("q") and not data.get("sort"):
            sort = SortOrder.NEWEST.value  # relevance means nothing without words
        values: dict[str, Any] = {
            "text": data.get("q") or "",
            "title_only": bool(data.get("title_only")),
            "filters": filters,
            "published_from": data.get("date_from"),
            "published_to": data.get("date_to"),
            "index_number": data.get("index_number") or "",
            "document_number": data.get("document_number") or "",
            "validity": data.get("validity") or "",
            "scope_page_id": scope_page_id,
            "sort": SortOrder(sort),
            "page": data.get("page") or 1,
            "per_page": data.get("per_page") or self.default_per_page,
        }
        if "page" in self.errors:
            values["page"] = 1
        values.update(overrides)
        return SearchQuery(**values)

    def typed(self, name: str) -> str:
        """What the reader typed in a field, to put back into the form."""
        value = self.data.get(name, "") if self.is_bound else ""
        return str(value)[: MAX_QUERY_LENGTH * 2]

    @cached_property
    def values(self) -> dict[str, str]:
        """Every parameter as typed (for templates, which cannot pass arguments)."""
        return {name: self.typed(name) for name in (*self.fields, *FACET_NAMES)}

    def has_advanced_values(self) -> bool:
        """Whether any advanced-search field was filled in."""
        names = (
            "title_only",
            "date_from",
            "date_to",
            "index_number",
            "document_number",
        )
        return any(self.typed(name) for name in names)

    def is_advanced(self) -> bool:
        """Whether the advanced-search panel opens (used, or asked for with advanced=1)."""
        return self.has_advanced_values() or bool(self.data.get("advanced"))
