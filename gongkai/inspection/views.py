"""The admin report 网站自查: the latest stored run of one site, its history and score
trend, the 立即检查 button (queues a run for the task worker) and CSV/XLSX export.

Who sees what (checked here, on the server): a superuser sees every finding and may start a
run; a department's 公开办 (disclosure officer role) sees and exports only findings on pages
of its own subtree; anyone else gets 403.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from gongkai.editorial.departments import organisations_of_user, pages_with_role
from gongkai.editorial.enums import Role

from . import exports, selectors
from .models import InspectionRun, RunFinding, RunStatus
from .rules import SEVERITY_LABELS, Severity, judge_reachability
from .runs import request_run

TREND_WIDTH, TREND_HEIGHT = 600, 120
MAX_ID = 2**63 - 1  # a larger id in the URL is 404, not a database overflow


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


class InspectionAccessMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view_inspection(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def visible_findings(user: Any, run: InspectionRun) -> QuerySet[RunFinding]:
    findings = run.findings.all()
    if is_site_wide(user):
        return findings
    own = pages_with_role(user, Role.DISCLOSURE_OFFICER).values_list("pk", flat=True)
    return findings.filter(page_id__in=list(own))


def trend_points(runs: list[InspectionRun]) -> str:
    """SVG polyline points of the scores, oldest first (0-100 mapped to the height)."""
    scores = [float(run.score) for run in reversed(runs) if run.score is not None]
    if len(scores) < 2:
        return ""
    step = TREND_WIDTH / (len(scores) - 1)
    return " ".join(
        f"{index * step:.1f},{TREND_HEIGHT - score * TREND_HEIGHT / 100:.1f}"
        for index, score in enumerate(scores)
    )


class InspectionView(InspectionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "inspection/report.html"
    page_title = gettext_lazy("网站自查")
    header_icon = "warning"

    def chosen_site(self) -> tuple[SiteForm, Site | None]:
        form = SiteForm(self.request.GET or None)
        if form.is_bound and not form.is_valid():
            raise Http404  # another id, a string, a huge number: not a site
        if form.is_bound:
            return form, form.cleaned_data["site"]
        site = Site.objects.order_by("-is_default_site", "hostname").first()
        return SiteForm(initial={"site": site}), site

    def chosen_run(self, site: Site) -> InspectionRun | None:
        run_id = self.request.GET.get("run")
        if run_id is None:
            return selectors.latest_run(site)
        if not run_id.isdigit() or int(run_id) > MAX_ID:
            raise Http404
        return get_object_or_404(
            InspectionRun, pk=int(run_id), site=site, status=RunStatus.DONE
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, site = self.chosen_site()
        context["form"] = form
        if site is None:
            return context
        run = self.chosen_run(site)
        history = selectors.run_history(site)
        site_wide = is_site_wide(self.request.user)
        context.update(
            site=site,
            run=run,
            reachability=self.reachability(site) if site_wide else None,
            site_wide=site_wide,
            pending=selectors.pending_run(site),
            history=history,
            trend=trend_points(history),
            trend_width=TREND_WIDTH,
            trend_height=TREND_HEIGHT,
            rows=[
                self.row(finding)
                for finding in visible_findings(self.request.user, run)
            ]
            if run
            else [],
        )
        return context

    @staticmethod
    def reachability(site: Site) -> dict[str, Any]:
        """The week's home-page visits as they stand now (stored probes, one query)."""
        ruleset = selectors.ruleset_for(site)
        criteria = ruleset.criteria()
        week = selectors.reachability_week(site, timezone.now())
        needed = criteria.probes_per_day * criteria.reachability_window.days
        judged = judge_reachability(week, criteria)
        return {
            "week": week,
            "percent": f"{week.percent:.1f}",
            "worst": f"{week.worst_ms / 1000:.1f}" if week.worst_ms is not None else "",
            "needed": needed,
            "limit": criteria.unreachable_seconds,
            "threshold": criteria.unreachable_percent,
            "failed": any(f.severity is Severity.VETO for f in judged),
            "enabled": ruleset.rules["site_probe"].enabled,
            "minutes": ruleset.threshold("site_probe"),
        }

    @staticmethod
    def row(finding: RunFinding) -> dict[str, Any]:
        severity = Severity(finding.severity)
        return {
            "finding": finding,
            "severity": SEVERITY_LABELS[severity],
            "is_veto": severity is Severity.VETO,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[finding.page_id])
            if finding.page_id
            else "",
        }


class StartRunView(InspectionAccessMixin, View):
    """POST only: queue a run of the chosen site (superusers: a run is site-wide)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        if not is_site_wide(request.user):
            raise PermissionDenied
        form = SiteForm(request.POST)
        if not form.is_valid():
            raise Http404
        site = form.cleaned_data["site"]
        run = request_run(site=site, user=request.user)
        if run.status == RunStatus.DONE:
            messages.success(request, gettext("检查已完成。"))
        else:
            messages.success(request, gettext("已开始检查，完成后刷新本页查看结果。"))
        return redirect(f"{reverse('gongkai_inspection_report')}?site={site.pk}")


class ExportRunView(InspectionAccessMixin, View):
    http_method_names = ["get"]

    def get(self, request: HttpRequest, run_id: int, file_format: str) -> HttpResponse:
        if file_format not in exports.FORMATS or run_id > MAX_ID:
            raise Http404
        run = get_object_or_404(
            InspectionRun.objects.select_related("site"),
            pk=run_id,
            status=RunStatus.DONE,
        )
        return exports.response(run, visible_findings(request.user, run), file_format)
