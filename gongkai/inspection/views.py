"""The admin report 网站自查: findings of one site, each with a link to fix it.

Who sees what (checked here, on the server): a superuser sees every finding; a department's
公开办 (disclosure officer role) sees only findings on pages of its own subtree; anyone else
gets 403.
"""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from gongkai.editorial.departments import organisations_of_user, pages_with_role
from gongkai.editorial.enums import Role

from .rules import SEVERITY_LABELS, Severity
from .services import inspect_site


def is_site_wide(user: Any) -> bool:
    return bool(user.is_active and user.is_superuser)


def can_view_inspection(user: Any) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        is_site_wide(user)
        or organisations_of_user(user, (Role.DISCLOSURE_OFFICER,)).exists()
    )


class SiteForm(forms.Form):
    site = forms.ModelChoiceField(
        label=gettext_lazy("站点"), queryset=Site.objects.order_by("hostname")
    )


class InspectionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "inspection/report.html"
    page_title = gettext_lazy("网站自查")
    header_icon = "warning"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view_inspection(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = SiteForm(self.request.GET or None)
        if form.is_bound and not form.is_valid():
            raise Http404  # another id, a string, a huge number: not a site
        site = (
            form.cleaned_data["site"]
            if form.is_bound
            else Site.objects.order_by("-is_default_site", "hostname").first()
        )
        if not form.is_bound:
            form = SiteForm(initial={"site": site})
        context["form"] = form
        if site is None:
            return context
        report = inspect_site(site=site)
        findings = report.findings
        site_wide = is_site_wide(self.request.user)
        if not site_wide:
            own = set(
                pages_with_role(self.request.user, Role.DISCLOSURE_OFFICER).values_list(
                    "pk", flat=True
                )
            )
            findings = [finding for finding in findings if finding.page_id in own]
        context.update(
            site=site,
            report=report,
            site_wide=site_wide,
            rows=[
                {
                    "finding": finding,
                    "severity": SEVERITY_LABELS[finding.severity],
                    "is_veto": finding.severity is Severity.VETO,
                    "edit_url": reverse(
                        "wagtailadmin_pages:edit", args=[finding.page_id]
                    )
                    if finding.page_id
                    else "",
                }
                for finding in findings
            ],
        )
        return context
