"""The admin dashboard 年度报告统计: a year's tables 2-4 as they stand, 新收/办结/结转 and
two charts. Parse, call, render."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.core.models import Organisation

from . import dashboard, selectors
from .services import ReportInconsistent, compute_annual_report
from .tables import TABLE3_COLUMNS, TABLE4_COLUMNS

# Who may see the dashboard: those who may see the entered figures (no new permission,
# so no migration in an app another change is working on).
VIEW_PERMISSION = "reports.view_annualfigures"
FIRST_YEAR = 2004  # the working-day calendar's first year


def can_view_dashboard(user: Any) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION))
    )


class DashboardForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("机构"), queryset=Organisation.objects.all()
    )
    include_departments = forms.BooleanField(
        label=gettext_lazy("含下属部门"), required=False
    )
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=FIRST_YEAR)

    def __init__(self, *args: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The upper bound depends on today, so it is added here: setting the field's
        # max_value after construction would only change the widget, not validation.
        year = self.fields["year"]
        year.validators.append(MaxValueValidator(today.year))
        year.widget.attrs.update(min=FIRST_YEAR, max=today.year)


def default_choice(today: Any) -> dict[str, Any]:
    """The first top-level organisation with its departments, this year."""
    top = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
    return {"organisation": top, "include_departments": True, "year": today.year}


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/dashboard.html"
    page_title = gettext_lazy("年度报告统计")
    header_icon = "table"

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if not can_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = DashboardForm(self.request.GET or None, today=today)
        choice = form.cleaned_data if form.is_valid() else default_choice(today)
        if not form.is_bound:
            form = DashboardForm(initial=choice, today=today)
        context["form"] = form
        if choice["organisation"] is not None:
            context.update(self.get_figures(**choice))
        return context

    def get_figures(
        self, *, organisation: Organisation, include_departments: bool, year: int
    ) -> dict[str, Any]:
        ids = selectors.get_organisation_ids(
            organisation, include_departments=include_departments
        )
        per_month = dashboard.count_received_per_month(organisation_ids=ids, year=year)
        by_result = dashboard.count_results_by_group(organisation_ids=ids, year=year)
        context: dict[str, Any] = {
            "organisation": organisation,
            "include_departments": include_departments,
            "year": year,
            "figures": dashboard.get_year_figures(organisation_ids=ids, year=year),
            "month_chart": dashboard.build_bar_chart(
                _("%(year)d年每月收到申请数") % {"year": year},
                list(zip(dashboard.MONTH_LABELS, per_month, strict=True)),
            ),
            "result_chart": dashboard.build_bar_chart(
                _("%(year)d年办理结果（按类别）") % {"year": year}, by_result
            ),
            "table3_columns": [label for _key, label in TABLE3_COLUMNS],
            "table4_columns": [label for _key, label in TABLE4_COLUMNS],
        }
        try:
            context["tables"] = compute_annual_report(
                organisation=organisation,
                year=year,
                include_departments=include_departments,
            )
        except ReportInconsistent as exc:
            context["inconsistent"] = str(exc)
        return context
