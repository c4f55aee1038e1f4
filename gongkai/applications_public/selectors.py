"""Reads for the public application pages: the agencies a site accepts applications
for, what the receipt and the status page show, and the disclosure log.

Nothing here returns an applicant's identity number, full phone number or address; the
status page and the receipt show an application only to whoever holds its tracking code
and the last four digits of its phone number (selectors.get_application_for_status).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from gongkai.applications.deadlines import REPLY_WORKING_DAYS, ReplyClock, reply_due_on
from gongkai.applications.enums import (
    PUBLIC_EVENT_KINDS,
    Channel,
    DeliveryMethod,
    EventKind,
    ResultType,
    Status,
)
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ReplyAttachment,
    SubmissionToken,
)
from gongkai.applications.selectors import describe_deadline
from gongkai.core.models import Organisation
from gongkai.workdays.calendar import CalendarDataMissing, WorkdayCalendar
from gongkai.workdays.conf import count_day_of_receipt

LOG_SUBJECT_LENGTH = 60

# What the applicant is told about each status: a label and what happens next.
PUBLIC_STATUSES: dict[str, tuple[Any, Any]] = {
    Status.SUBMITTED: (
        gettext_lazy("已提交，待受理机关确认收到"),
        gettext_lazy(
            "网上申请以受理机关与您确认之日为收到申请之日（条例第三十一条），"
            "答复期限自收到申请之日起计算。"
        ),
    ),
    Status.IN_PROGRESS: (
        gettext_lazy("办理中"),
        gettext_lazy("受理机关正在办理您的申请，将在答复期限内作出答复。"),
    ),
    Status.AWAITING_CORRECTION: (
        gettext_lazy("待您补正"),
        gettext_lazy(
            "请在补正期限内按告知的事项补正申请；答复期限自收到补正之日起重新计算。"
            "无正当理由逾期不补正的，视为放弃申请（条例第三十条）。"
        ),
    ),
    Status.AWAITING_PAYMENT: (
        gettext_lazy("待缴纳信息处理费"),
        gettext_lazy("请按收费通知缴费；缴费期间不计入答复期限。"),
    ),
    Status.REPLIED: (
        gettext_lazy("已答复"),
        gettext_lazy("受理机关已作出书面答复，请按您选择的获取方式查收。"),
    ),
    Status.CLOSED: (
        gettext_lazy("已终止办理"),
        gettext_lazy("该申请已终止办理。"),
    ),
    Status.WITHDRAWN: (
        gettext_lazy("已撤回"),
        gettext_lazy("您已撤回该申请。"),
    ),
}


def public_status_label(status: str) -> str:
    return str(PUBLIC_STATUSES[status][0])


def list_agencies_for_site(*, site: Site | None) -> list[Organisation]:
    """The organisations a site accepts applications for: the one(s) whose root page is
    the site's root, then their departments and units, nearest first.

    A site no organisation is linked to (a single-site install that never set
    Organisation.root_page) accepts applications for every organisation, top level first.
    """
    # One query: a government has tens of organisations, not thousands.
    organisations = list(Organisation.objects.order_by("name"))
    root_page_id = site.root_page_id if site is not None else None
    roots = [
        o for o in organisations if o.root_page_id == root_page_id and root_page_id
    ]
    if not roots:
        return sorted(organisations, key=lambda o: o.parent_id is not None)
    children: dict[int, list[Organisation]] = {}
    for organisation in organisations:
        if organisation.parent_id is not None:
            children.setdefault(organisation.parent_id, []).append(organisation)
    agencies, seen, level = list(roots), {o.pk for o in roots}, roots
    while level:  # breadth first: the nearest units first, each level by name
        level = [
            c
            for parent in level
            for c in children.get(parent.pk, [])
            if c.pk not in seen
        ]
        seen.update(c.pk for c in level)
        agencies += level
    return agencies


def get_application_for_receipt(*, pk: int) -> Application | None:
    return Application.objects.select_related("department").filter(pk=pk).first()


@dataclass(frozen=True)
class PublicDeadline:
    """The reply deadline as the applicant sees it."""

    due_on: date | None
    is_estimate: (
        bool  # the clock has not started: the date if receipt is confirmed today
    )
    working_days_left: int | None
    is_overdue: bool
    message: str


def describe_public_deadline(
    application: Application, *, calendar: WorkdayCalendar, today: date
) -> PublicDeadline:
    """Due date and working days left (Art. 33), an estimate while receipt is not yet
    confirmed, or why there is none; never raises."""
    if application.calendar_missing_year:
        return PublicDeadline(
            None,
            False,
            None,
            False,
            _calendar_missing(application.calendar_missing_year),
        )
    if application.status == Status.SUBMITTED:
        return _estimate(calendar, today)
    view = describe_deadline(application, calendar=calendar, today=today)
    return PublicDeadline(
        view.due_on, False, view.working_days_left, view.is_overdue, view.message
    )


def _estimate(calendar: WorkdayCalendar, today: date) -> PublicDeadline:
    clock = ReplyClock(received_on=today, count_day_of_receipt=count_day_of_receipt())
    try:
        due_on = reply_due_on(clock, calendar, as_of=today)
    except CalendarDataMissing as exc:
        return PublicDeadline(None, True, None, False, _calendar_missing(exc.year))
    message = _(
        "自受理机关确认收到申请之日起%(days)d个工作日内答复；如今日确认收到，"
        "答复期限为%(day)s。"
    ) % {"days": REPLY_WORKING_DAYS, "day": f"{due_on:%Y-%m-%d}"}
    return PublicDeadline(due_on, True, None, False, message)


def _calendar_missing(year: int) -> str:
    return _(
        "%(year)d年的工作日历尚未录入，答复期限将在录入工作日历后计算，"
        "届时可在本页查询。"
    ) % {"year": year}


@dataclass(frozen=True)
class PublicStep:
    """One step of the application as the applicant sees it: no notes, no officers."""

    kind: str
    label: str
    on: date
    details: tuple[str, ...]


def list_public_attachments(*, application: Application) -> list[ReplyAttachment]:
    """The reply's files, once the application is answered (not before)."""
    if application.status != Status.REPLIED:
        return []
    return list(application.reply_attachments.only("pk", "name", "size"))


def get_public_attachment(*, pk: int, application_id: int) -> ReplyAttachment | None:
    """The file `pk` if it belongs to that answered application, else None."""
    return (
        ReplyAttachment.objects.select_related("application")
        .filter(
            pk=pk,
            application_id=application_id,
            application__status=Status.REPLIED,
        )
        .first()
    )


def list_public_steps(*, application: Application) -> list[PublicStep]:
    """The public events of the application, oldest first, with what the applicant
    needs to know: what to correct and by when, new due dates, the result."""
    events = ApplicationEvent.objects.filter(
        application=application, kind__in=PUBLIC_EVENT_KINDS
    ).only("kind", "at", "note", "data")
    return [
        PublicStep(
            kind=event.kind,
            label=str(EventKind(event.kind).label),
            on=timezone.localdate(event.at),
            details=tuple(_details(application, event)),
        )
        for event in events
    ]


def _details(application: Application, event: ApplicationEvent) -> list[str]:
    data, kind = event.data or {}, event.kind
    if kind == EventKind.CORRECTION_REQUESTED:
        return [
            _("需补正的事项：%(items)s") % {"items": event.note},
            _("补正期限：%(day)s") % {"day": data.get("correction_due_on", "")},
        ]
    if kind == EventKind.EXTENDED:
        return [
            _("答复期限延长%(days)s个工作日，延至%(day)s。")
            % {"days": data.get("working_days", ""), "day": data.get("to") or _("待定")}
        ]
    if kind == EventKind.REPLIED:
        result = data.get("result_type") or application.result_type
        label = ResultType(result).label if result in ResultType.values else ""
        return [_("办理结果：%(result)s") % {"result": label}]
    return _simple_details(kind, data)


def _simple_details(kind: str, data: dict[str, Any]) -> list[str]:
    if kind == EventKind.DELIVERED:  # never the office's note (names, numbers)
        method = data.get("method")
        if method in DeliveryMethod.values:
            return [_("送达方式：%(m)s") % {"m": DeliveryMethod(method).label}]
    if kind in (EventKind.SUBMITTED, EventKind.REGISTERED):
        channel = data.get("channel")
        if channel in Channel.values:
            return [_("申请方式：%(channel)s") % {"channel": Channel(channel).label}]
    elif kind == EventKind.RECEIPT_CONFIRMED:
        lines = [_("收到申请日期：%(day)s") % {"day": data.get("received_on", "")}]
        if data.get("due_on"):
            lines.append(_("答复期限：%(day)s") % {"day": data["due_on"]})
        return lines
    elif kind == EventKind.CORRECTED:
        return [_("答复期限自收到补正之日起重新计算。")]
    elif kind == EventKind.CONSULTATION_STARTED:
        return [_("征求意见期间不计入答复期限。")]
    elif kind == EventKind.FEE_NOTICE_ISSUED:
        return [
            _("信息处理费 %(amount)s 元，缴费期限 %(day)s。")
            % {"amount": data.get("amount", ""), "day": data.get("payment_due_on", "")}
        ]
    return []


@dataclass(frozen=True)
class PublicLogEntry:
    """One answered application in the public disclosure log: no personal data."""

    number: str
    department: str
    subject: str
    result_label: str
    replied_on: date


def list_public_disclosure_log(*, organisation_ids: list[int]) -> QuerySet[Any]:
    """Answered applications of these organisations, newest reply first, as value rows
    holding only the columns the log shows (map a page of them with log_entry)."""
    return (
        Application.objects.filter(
            status=Status.REPLIED, department_id__in=organisation_ids
        )
        .exclude(concluded_on__isnull=True)
        .order_by("-concluded_on", "-pk")
        .values("pk", "department__name", "public_title", "result_type", "concluded_on")
    )


def log_entry(row: dict[str, Any]) -> PublicLogEntry:
    """The log's view of one row: only the officer-written public subject is shown,
    never what the applicant wrote, which may name people."""
    result = row["result_type"]
    subject = row["public_title"] or _("（申请事项不公开）")
    return PublicLogEntry(
        number=f"{row['concluded_on']:%Y}-{row['pk']:05d}",
        department=row["department__name"],
        subject=Truncator(subject).chars(LOG_SUBJECT_LENGTH),
        result_label=str(ResultType(result).label)
        if result in ResultType.values
        else "",
        replied_on=row["concluded_on"],
    )


def get_application_id_for_form_token(nonce: str) -> int | None:
    """The application a public form token already created, if any."""
    return (
        SubmissionToken.objects.filter(nonce=nonce)
        .values_list("application_id", flat=True)
        .first()
    )
