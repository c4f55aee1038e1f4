"""Workflow notices for the 三审 steps: mail the role holders of the page's department.

Wagtail mails the groups of a GroupApprovalTask when a step starts; our
DepartmentReviewTask finds its approvers from the page's organisation instead (see its
docstring), so Wagtail's notifier skips it. This reuses Wagtail's notifier and its
templates (wagtailadmin/notifications/task_state_submitted*), changing only who receives
the mail: active holders of the step's role in the page's organisation, never the user
who triggered it, never another department. Mail goes through Django's backend, so
GONGKAI_EMAIL_URL decides where (production without it: the dummy backend, nothing
attempted)."""

from typing import Any

from django.contrib.auth import get_user_model
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState

from .departments import organisation_for_page
from .models import DepartmentReviewTask, RoleGroup


class DepartmentTaskSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance: Any, **kwargs: Any) -> bool:
        return isinstance(instance, TaskState) and isinstance(
            instance.task.specific, DepartmentReviewTask
        )

    def get_recipient_users(self, task_state: TaskState, **kwargs: Any) -> Any:
        users = get_user_model().objects.none()
        page = task_state.workflow_state.content_object
        organisation = organisation_for_page(page) if page is not None else None
        if organisation is None:
            return users
        groups = RoleGroup.objects.filter(
            organisation=organisation, role=task_state.task.specific.role
        )
        users = (
            get_user_model()
            .objects.filter(groups__in=groups.values("group_id"))
            .distinct()
        )
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            users = users.exclude(pk=triggering_user.pk)
        return users


department_task_submission_notifier = DepartmentTaskSubmissionEmailNotifier()
