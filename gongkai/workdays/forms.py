"""The admin form of a year's calendar: checks the day rows together (entry_rules)."""

from typing import Any

from django.forms import BaseForm
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from .entry_rules import DayEntry, find_entry_errors


class CalendarYearForm(WagtailAdminModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned_data: dict[str, Any] = super().clean()
        year = cleaned_data.get("year")
        formset = self.formsets.get("days")
        if year is None or formset is None:
            return cleaned_data
        formset.errors  # noqa: B018 - validates each row, so its cleaned_data can be read
        rows = [form for form in formset.forms if not formset._should_delete_form(form)]
        readable = [form for form in rows if _is_readable(form)]
        entries = [
            DayEntry(form.cleaned_data["day"], form.cleaned_data["kind"])
            for form in readable
        ]
        for error in find_entry_errors(year, entries):
            if error.index is not None:
                readable[error.index].add_error("day", error.message)
            elif len(readable) == len(rows):
                # A row with its own errors might be the missing holiday: wait for it.
                self.add_error(None, error.message)
        return cleaned_data

    def save(self, commit: bool = True) -> Any:
        if self.instance.pk is None and self.for_user is not None:
            self.instance.entered_by = self.for_user
        return super().save(commit=commit)


class CalendarDayFormSet(BaseChildFormSet):
    def validate_unique(self) -> None:
        # Repeated days are reported by CalendarYearForm, per row and in Chinese;
        # Django's formset check would only say "请修改day的重复数据".
        pass


class CalendarDaysPanel(InlinePanel):
    """The InlinePanel of a year's days, with CalendarDayFormSet."""

    def get_form_options(self) -> dict[str, Any]:
        options: dict[str, Any] = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = CalendarDayFormSet
        return options


def _is_readable(form: BaseForm) -> bool:
    cleaned_data = getattr(form, "cleaned_data", {})
    return bool(cleaned_data.get("day") and cleaned_data.get("kind"))
