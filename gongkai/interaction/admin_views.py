"""The Wagtail admin side of 互动交流: a queue per organisation, 转办, reply, statistics.

Scope is checked on the server: a letter of another organisation answers 404."""

from typing import Any

from django import forms
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.core.models import Organisation

from . import export, selectors, services
from .models import InteractionOfficer, Letter, Solicitation
from .reminders import supervisors_of


def organisation_ids_for(user: Any) -> list[int] | None:
    """None = every organisation (superusers); else the user's own ones."""
    if user.is_superuser:
        return None
    return list(
        InteractionOfficer.objects.filter(user=user).values_list(
            "organisation_id", flat=True
        )
    )


def handles(user: Any, letter: Letter) -> bool:
    """Whether `user` is a handler of the organisation the letter is routed to now: the
    only people who may see the writer's contact data."""
    return InteractionOfficer.objects.filter(
        user=user, organisation_id=letter.organisation_id
    ).exists()


def _queue(request: HttpRequest):
    ids = organisation_ids_for(request.user)
    if ids == []:
        raise Http404
    return selectors.letters_for_organisations(ids)


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复内容", widget=forms.Textarea, max_length=10000)
    public_body = forms.CharField(
        label="公开的来信内容（请去除个人信息）", widget=forms.Textarea, max_length=5000
    )
    publish = forms.BooleanField(label="公开来信及答复", required=False)


class TransferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="转办至", queryset=Organisation.objects.order_by("name")
    )


def _escalated_to(user: Any) -> list[Letter]:
    """Overdue letters escalated to this user as 公开办 officer (superusers: all)."""
    escalated = selectors.escalated_letters()
    if user.is_superuser:
        return list(escalated)
    return [
        letter
        for letter in escalated
        if any(officer.user_id == user.pk for officer in supervisors_of(letter))
    ]


def queue(request: HttpRequest) -> HttpResponse:
    letters = _queue(request)
    today = timezone.localdate()
    return render(
        request,
        "interaction/admin/queue.html",
        {
            "letters": letters,
            "today": today,
            "overdue_count": selectors.overdue(letters, today).count(),
            "statistics": selectors.statistics(letters, today),
            "silent_kinds": selectors.silent_kinds(today),
            "long_unanswered": selectors.long_unanswered(letters, today),
            "escalated": _escalated_to(request.user),
            "solicitations": selectors.solicitations_for_organisations(
                organisation_ids_for(request.user)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    item: Letter = get_object_or_404(_queue(request), pk=pk)
    reply_form = ReplyForm(
        initial={"public_body": item.public_body, "reply": item.reply}
    )
    transfer_form = TransferForm()
    contact_shown = False
    if request.method == "POST" and "reveal" in request.POST:
        # Contact data shown on request only, to the routed organisation's handlers,
        # and each showing logged.
        if not handles(request.user, item):
            return HttpResponseForbidden(
                "只有受理机构的办理人员可以查看来信人联系方式。"
            )
        services.log_personal_data_access(item, request.user)
        contact_shown = True
    elif request.method == "POST" and "transfer" in request.POST:
        transfer_form = TransferForm(request.POST)
        if transfer_form.is_valid():
            services.transfer_letter(item, transfer_form.cleaned_data["organisation"])
            return redirect("gongkai_interaction:queue")
    elif request.method == "POST":
        reply_form = ReplyForm(request.POST)
        if reply_form.is_valid():
            services.reply_to_letter(
                item, **reply_form.cleaned_data, today=timezone.localdate()
            )
            return redirect("gongkai_interaction:queue")
    status = 400 if request.method == "POST" and not contact_shown else 200
    context = {
        "letter": item,
        "reply_form": reply_form,
        "transfer_form": transfer_form,
        "contact_shown": contact_shown,
        "may_reveal": handles(request.user, item),
        "masked_name": services.mask_name(item.name),
    }
    return render(request, "interaction/admin/letter.html", context, status=status)


EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", export.figures_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        export.figures_xlsx,
    ),
}


def annual(request: HttpRequest) -> HttpResponse:
    """《政府网站工作年度报表》 互动交流 figures of one year, as a page, CSV or XLSX."""
    ids = organisation_ids_for(request.user)
    if ids == []:
        raise Http404
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        return HttpResponseBadRequest("年份不正确。")
    if not 2000 <= year <= today.year:
        return HttpResponseBadRequest("年份不正确。")
    figures = selectors.annual_report_figures(year, ids)
    kind = request.GET.get("format", "")
    if kind in EXPORT_TYPES:
        content_type, build = EXPORT_TYPES[kind]
        response = HttpResponse(build(figures), content_type=content_type)
        name = f"hudong-{year}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if kind:
        return HttpResponseBadRequest("导出格式只能是 csv 或 xlsx。")
    years = range(today.year, max(today.year - 10, 1999), -1)
    context = {"figures": figures, "year": year, "years": years}
    return render(request, "interaction/admin/annual.html", context)


def opinions(request: HttpRequest, pk: int) -> HttpResponse:
    """The opinions of a 征集调查 of the user's organisation (names masked, phones not
    shown: nothing here needs them)."""
    ids = organisation_ids_for(request.user)
    if ids == []:
        raise Http404
    qs = Solicitation.objects.all()
    if ids is not None:
        qs = qs.filter(organisation_id__in=ids)
    solicitation = get_object_or_404(qs, pk=pk)
    rows = [
        (services.mask_name(o.name), o.submitted_at, o.body)
        for o in solicitation.opinions.all()
    ]
    context = {"solicitation": solicitation, "rows": rows}
    return render(request, "interaction/admin/opinions.html", context)
