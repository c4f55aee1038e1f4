"""Admin views: urgent publish, its after-the-fact review list, withdrawal with a reason."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .forms import UrgentPublishForm, UrgentReviewForm, WithdrawForm
from .selectors import list_urgent_publications
from .services import (
    can_urgent_publish,
    can_withdraw,
    review_urgent_publication,
    urgent_publish,
    withdraw_page,
)


def _edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _page_form_view(
    request: HttpRequest, page: Page, form: Any, *, title: str, submit_label: str
) -> HttpResponse:
    return TemplateResponse(
        request,
        "editorial/admin/page_form.html",
        {
            "page": page,
            "form": form,
            "page_title": title,
            "header_title": title,
            "submit_label": submit_label,
            "cancel_url": _edit_url(page),
        },
    )


def _page_action_view(
    request: HttpRequest,
    page_id: int,
    *,
    allowed: Any,
    form_class: Any,
    action: Any,
    success: str,
    title: str,
    submit_label: str,
) -> HttpResponse:
    """A reasoned action on one page: permission, form, service call, message, back to the editor."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not allowed(user=request.user, page=page):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(page=page, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success % {"title": page.title})
            return redirect(_edit_url(page))
    return _page_form_view(request, page, form, title=title, submit_label=submit_label)


def urgent_publish_view(request: HttpRequest, page_id: int) -> HttpResponse:
    return _page_action_view(
        request,
        page_id,
        allowed=can_urgent_publish,
        form_class=UrgentPublishForm,
        action=urgent_publish,
        success=_("《%(title)s》已紧急发布，等待事后审核。"),
        title=_("紧急发布"),
        submit_label=_("立即发布"),
    )


def withdraw_view(request: HttpRequest, page_id: int) -> HttpResponse:
    return _page_action_view(
        request,
        page_id,
        allowed=can_withdraw,
        form_class=WithdrawForm,
        action=withdraw_page,
        success=_("《%(title)s》已撤回。"),
        title=_("撤回发布"),
        submit_label=_("撤回"),
    )


def urgent_index_view(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    items = list_urgent_publications(user=request.user, pending_only=not show_all)
    return TemplateResponse(
        request,
        "editorial/admin/urgent_index.html",
        {
            "items": items,
            "show_all": show_all,
            "form": UrgentReviewForm(),
            "page_title": _("紧急发布事后审核"),
            "header_title": _("紧急发布事后审核"),
        },
    )


@require_POST
def urgent_review_view(request: HttpRequest, urgent_id: int) -> HttpResponse:
    visible = list_urgent_publications(user=request.user, pending_only=False)
    urgent = get_object_or_404(visible, pk=urgent_id)
    form = UrgentReviewForm(request.POST)
    form.is_valid()
    try:
        review_urgent_publication(
            urgent=urgent, user=request.user, note=form.cleaned_data.get("note", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已完成紧急发布的事后审核。"))
    return redirect("gongkai_editorial:urgent_index")
