"""Checks on a year's schedule as typed into the admin: pure rules, no ORM, no clock.

Holidays may fall on any day (a holiday period spans weekends, and before 2025 a
festival on a Saturday was listed as such), but a make-up working day (调休上班) is by
definition a Saturday or Sunday, each day is listed once, and every year has official
days off (《全国年节及纪念日放假办法》, rules.md §1.6).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .enums import DayKind

WEEKDAY_NAMES = (
    _("星期一"),
    _("星期二"),
    _("星期三"),
    _("星期四"),
    _("星期五"),
    _("星期六"),
    _("星期日"),
)


@dataclass(frozen=True)
class DayEntry:
    day: date
    kind: str  # a DayKind value


@dataclass(frozen=True)
class EntryError:
    index: int | None  # the offending entry, or None for the year as a whole
    message: str


def format_day(day: date) -> str:
    """Write a day as officials do, with its weekday: 2027年2月6日（星期六）."""
    return gettext("%(year)d年%(month)d月%(day)d日（%(weekday)s）") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
        "weekday": WEEKDAY_NAMES[day.weekday()],
    }


def find_entry_errors(year: int, entries: Sequence[DayEntry]) -> list[EntryError]:
    """Return one error per faulty entry (first fault only), then the year's errors."""
    errors = []
    seen: dict[date, str] = {}
    for index, entry in enumerate(entries):
        message = _entry_fault(year, entry, seen.get(entry.day))
        seen.setdefault(entry.day, entry.kind)
        if message:
            errors.append(EntryError(index, message))
    if not any(entry.kind == DayKind.HOLIDAY for entry in entries):
        errors.append(
            EntryError(
                None,
                gettext(
                    "%(year)d年没有录入任何放假日期。每年都有元旦、春节等法定节假日，"
                    "请按国务院办公厅的放假通知逐日录入。"
                )
                % {"year": year},
            )
        )
    return errors


def _entry_fault(year: int, entry: DayEntry, earlier_kind: str | None) -> str | None:
    values = {"day": format_day(entry.day), "year": year}
    if entry.day.year != year:
        return (
            gettext("%(day)s不在%(year)d年内，只能录入到该年度的工作日历中。") % values
        )
    if earlier_kind == entry.kind:
        return gettext("%(day)s重复录入，请删除多余的一行。") % values
    if earlier_kind is not None:
        return gettext("%(day)s不能既是放假日又是调休上班日，请只保留一行。") % values
    if entry.kind == DayKind.WORKDAY and entry.day.weekday() < 5:
        return (
            gettext(
                "%(day)s本来就是工作日，不能登记为调休上班日；调休上班日只能是星期六或星期日。"
            )
            % values
        )
    return None
