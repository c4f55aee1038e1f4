"""The review screen: a 审 step is approved only here, with the changes shown (issue #16 item 4).

Wagtail lets a reviewer approve from the dashboard's 待审核 panel or the editor's action menu
without ever looking at what changed. gongkai's DepartmentReviewTask offers no "approve"
action there (so Wagtail's workflow action view refuses it); it offers "review" instead,
which leads here. This screen is Wagtail's own revision comparison (the submitted revision
against what is live, or the previous revision) with the approve/reject form under it.
Opening it records the revision shown in the session; approval is accepted only for that
revision, so an item changed after the reviewer looked must be looked at again.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.models import Page, Revision, TaskState

SESSION_KEY = "gongkai_reviewed_revisions"  # {task state id: revision id shown}
NOT_OPENED = gettext_lazy("请在审核页查看本稿件的修改对比后再审核通过。")


def review_url(task_state: Any) -> str:
    return reverse("gongkai_editorial:review", args=[task_state.pk])


def reviewed_revision_id(request: HttpRequest, task_state: Any) -> int | None:
    return request.session.get(SESSION_KEY, {}).get(str(task_state.pk))


def _remember_shown(request: HttpRequest, task_state: Any) -> None:
    shown = dict(request.session.get(SESSION_KEY, {}))
    shown[str(task_state.pk)] = task_state.revision_id
    request.session[SESSION_KEY] = shown


def _base_revision_id(page: Page, revision: Revision) -> int | str:
    """What the submitted revision is compared with: the live version, else the revision
    before it; a brand-new item with one revision is compared with itself (its preview
    shows it whole)."""
    if page.live and page.live_revision_id and page.live_revision_id != revision.pk:
        return page.live_revision_id
    earlier = (
        page.revisions.filter(created_at__lte=revision.created_at)
        .exclude(pk=revision.pk)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return earlier or revision.pk


class ReviewView(RevisionsCompareView):
    template_name = "editorial/admin/review.html"
    page_title = gettext_lazy("审核")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.task_state = get_object_or_404(
            TaskState.objects.select_related("revision", "workflow_state"),
            pk=kwargs.pop("task_state_id"),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        page = self.task_state.workflow_state.content_object
        if not isinstance(page, Page):
            raise PermissionDenied  # snippets have no 三审
        revision = self.task_state.revision
        super().setup(
            request,
            page.pk,
            str(_base_revision_id(page, revision)),
            str(revision.pk),
            *args,
            **kwargs,
        )

    def get_object(self, queryset: Any = None) -> Any:
        # Not Wagtail's edit/publish check: the 复审/终审 roles may review without editing.
        page = Page.objects.get(pk=self.pk).specific
        task = self.task_state.task.specific
        if not hasattr(task, "user_can_review") or not task.user_can_review(
            page, self.request.user
        ):
            raise PermissionDenied
        return page

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        _remember_shown(request, self.task_state)
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action not in ("approve", "reject"):
            messages.error(request, _("请选择“通过”或“退回修改”。"))
            return redirect(review_url(self.task_state))
        comment = request.POST.get("comment", "").strip()
        if action == "reject" and not comment:
            messages.error(request, _("退回修改时请填写意见。"))
            return redirect(review_url(self.task_state))
        task = self.task_state.task.specific
        try:
            task.on_action(
                self.task_state,
                request.user,
                action,
                comment=comment,
                reviewed_revision_id=reviewed_revision_id(request, self.task_state),
            )
        except PermissionDenied as error:
            messages.error(request, str(error) or _("您不能审核这篇稿件。"))
            return redirect(review_url(self.task_state))
        done = _("已通过") if action == "approve" else _("已退回修改")
        messages.success(
            request,
            _("《%(title)s》%(done)s。") % {"title": self.object.title, "done": done},
        )
        return redirect("wagtailadmin_home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            task_state=self.task_state,
            task=self.task_state.task.specific,
            preview_url=reverse(
                "wagtailadmin_pages:workflow_preview",
                args=[self.object.pk, self.task_state.task_id],
            ),
            is_new=self.revision_id_a == self.revision_id_b,
        )
        return context


@require_admin_access
def approve_elsewhere(
    request: HttpRequest, page_id: int, task_state_id: int
) -> HttpResponse:
    """Wagtail's workflow-action URL with "approve" (not offered, but a URL anyone can
    type or an old link): Wagtail would answer its generic "no permission". A reviewer of
    the step is sent to the review screen with the reason instead, the last step's
    (e.g. an unconfirmed 严重错别字: the final_approval_error hook) when there is one."""
    from .models import final_approval_error

    task_state = get_object_or_404(
        TaskState.objects.select_related("revision", "workflow_state"),
        pk=task_state_id,
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__object_id=str(page_id),
    )
    page = task_state.workflow_state.content_object
    task = task_state.task.specific
    if not isinstance(page, Page) or not getattr(task, "user_can_review", None):
        raise PermissionDenied
    if not task.user_can_review(page, request.user):
        raise PermissionDenied
    error = None
    if task._is_last_step(task_state):
        error = final_approval_error(page.specific, task_state.revision, request.user)
    messages.error(request, error or str(NOT_OPENED))
    return redirect(review_url(task_state))
