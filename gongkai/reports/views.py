"""Admin: regenerate a report's tables from the latest data."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import AnnualReportPage
from .services import ReportInconsistent, generate_report


@require_POST
def regenerate_report(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(AnnualReportPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        messages.error(request, _("没有编辑该年度报告的权限。"))
        return redirect("wagtailadmin_pages:edit", page_id)
    try:
        changes = generate_report(page=page, user=request.user)
    except ReportInconsistent as exc:
        messages.error(
            request, _("年度报告的数据不一致，未重新生成：%(reason)s") % {"reason": exc}
        )
    else:
        messages.success(
            request, _("已重新生成表格，%(n)d个单元格有变化。") % {"n": len(changes)}
        )
    return redirect("wagtailadmin_pages:edit", page_id)
