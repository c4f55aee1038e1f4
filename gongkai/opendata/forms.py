"""Query parameters of the open data API, validated into a 400 that names each one."""

from __future__ import annotations

from django import forms

from .selectors import ItemFilter

MAX_PER_PAGE = 100
FIRST_YEAR, LAST_YEAR = 1949, 2100


class ItemQueryForm(forms.Form):
    year = forms.IntegerField(
        required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label="年份"
    )
    column = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, label="栏目编号"
    )
    organisation = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, label="发布机构编号"
    )
    updated_since = forms.DateField(required=False, label="更新日期起")
    page = forms.IntegerField(
        required=False, min_value=1, max_value=100_000, label="页码"
    )
    per_page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PER_PAGE, label="每页条数"
    )

    def item_filter(self) -> ItemFilter:
        data = self.cleaned_data
        return ItemFilter(
            year=data.get("year"),
            column_id=data.get("column"),
            organisation_id=data.get("organisation"),
            updated_since=data.get("updated_since"),
        )

    def errors_as_list(self) -> list[dict[str, str]]:
        return [
            {"parameter": name, "message": str(message)}
            for name, messages in self.errors.items()
            for message in messages
        ]


class YearForm(forms.Form):
    """The bulk files are per year: one file stays a size that a browser downloads."""

    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, label="年份")
