"""Wagtail's page types usage report, scoped to the pages the user may explore.

Wagtail counts every page of each type and names the most recently edited one, drafts of
other departments included. Wagtail has no hook for that report's query, so this subclass
redoes its two annotations over the user's explorable pages (own subtrees and their
ancestors, as the explorer and the page chooser); superusers keep the whole site. Its URLs
are put before Wagtail's admin URLs (gongkai/urls.py).
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    def get_queryset(self) -> Any:
        user = self.request.user
        if user.is_superuser:
            return super().get_queryset()
        # Wagtail's get_queryset, with both annotations over the visible pages only.
        queryset = ContentType.objects.filter(model__in=self.page_models)
        if not Page.objects.filter(
            depth__gt=1, content_type=ContentType.objects.get_for_model(Page)
        ).exists():
            queryset = queryset.exclude(id=ContentType.objects.get_for_model(Page).id)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        visible = PagePermissionPolicy().explorable_instances(user).filter(depth__gt=1)
        site_root_path = (
            self.filters.form.cleaned_data.get("site") if self.filters else None
        )
        if site_root_path:
            visible = visible.filter(path__startswith=site_root_path)
        latest = visible.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=visible.values("pk"))),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


page_types_usage = require_admin_access(ScopedPageTypesUsageReportView.as_view())
page_types_usage_results = require_admin_access(
    ScopedPageTypesUsageReportView.as_view(results_only=True)
)
