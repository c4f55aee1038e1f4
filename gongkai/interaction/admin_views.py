"""The Wagtail admin side of 互动交流: a queue per organisation, 转办, reply, statistics.

Scope is checked on the server: a letter of another organisation answers 404."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.core.models import Organisation

from . import selectors, services
from .models import InteractionOfficer, Letter
from .reminders import disclosure_office


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


def _escalated_to(ids: list[int] | None) -> list[Letter]:
    """Overdue letters escalated to the 公开办 among `ids` (any organisation's)."""
    escalated = selectors.escalated_letters()
    if ids is None:
        return list(escalated)
    return [
        letter
        for letter in escalated
        if disclosure_office(letter.organisation).pk in ids
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
            "escalated": _escalated_to(organisation_ids_for(request.user)),
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
            return HttpResponseForbidden("只有受理机构的办理人员可以查看来信人联系方式。")
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
