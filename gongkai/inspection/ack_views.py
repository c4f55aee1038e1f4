"""确认 a 严重错别字 hit: GET lists the hits of the page's latest revision, POST confirms one.

Refusals are answered here (403/400 with a Chinese text) rather than raised: Wagtail's
admin wrapper turns PermissionDenied into a redirect, and a refused confirmation should
say so to the caller, not look like a success.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.models import Page

from .acknowledgements import (
    acknowledge,
    acknowledgements,
    can_acknowledge,
    severe_hits,
)

MAX_ID = 2**63 - 1


class AcknowledgeForm(forms.Form):
    revision = forms.IntegerField(min_value=1, max_value=MAX_ID)
    wrong = forms.CharField(max_length=100)


def _page(page_id: int) -> Page:
    if page_id > MAX_ID:
        raise Http404
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page.specific


class AcknowledgeView(View):
    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        page = _page(page_id)
        if not can_acknowledge(request.user, page):
            return HttpResponseForbidden(_("您没有确认该稿件错别字的权限。"))
        revision = page.get_latest_revision()
        hits = severe_hits(revision) if revision else []
        confirmed = acknowledgements(revision) if revision else {}
        return TemplateResponse(
            request,
            "inspection/acknowledge.html",
            {
                "page": page,
                "revision": revision,
                "rows": [(hit, confirmed.get(hit.wrong)) for hit in hits],
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            },
        )

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        page = _page(page_id)
        form = AcknowledgeForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("请求不完整，请从页面编辑器重新确认。"))
        revision = page.revisions.filter(pk=form.cleaned_data["revision"]).first()
        try:
            if revision is None:
                if not can_acknowledge(request.user, page):
                    raise PermissionDenied
                raise ValidationError(_("该版本不属于这篇稿件。"))
            ack = acknowledge(request.user, page, revision, form.cleaned_data["wrong"])
        except PermissionDenied:
            return HttpResponseForbidden(_("您没有确认该稿件错别字的权限。"))
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
        messages.success(
            request,
            _("已确认“%(wrong)s”（应为“%(correct)s”），记录确认人与时间。")
            % {"wrong": ack.wrong, "correct": ack.correct},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


def acknowledge_url(page: Any) -> str:
    return reverse("gongkai_inspection_acknowledge", args=[page.pk])
