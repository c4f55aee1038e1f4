"""Organisation roles (groups and collection), the department review task and urgent publications."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Task, TaskState

from .enums import Role


class RoleGroup(models.Model):
    """The Wagtail group that holds one role of one organisation."""

    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="role_groups",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("用户组"),
        on_delete=models.CASCADE,
        related_name="role",
    )

    class Meta:
        verbose_name = _("机构角色")
        verbose_name_plural = _("机构角色")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role"], name="unique_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.group.name


class OrganisationCollection(models.Model):
    """The media collection (文档、图片) of an organisation."""

    organisation = models.OneToOneField(
        "core.Organisation",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="media_collection",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("媒体库"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("机构媒体库")

    def __str__(self) -> str:
        return str(self.collection)


FINAL_APPROVAL_HOOK = "gongkai_final_approval_error"


def final_approval_error(page: Any, revision: Any, user: Any) -> str | None:
    """The first refusal any app gives for approving the last step (publishing) of a page.

    Apps above editorial (e.g. inspection's 严重错别字 check) register a Wagtail hook
    `gongkai_final_approval_error(page, revision, user) -> str | None`: a hook rather than
    an import, so editorial stays below them (tests/test_import_direction.py).
    """
    for check in hooks.get_hooks(FINAL_APPROVAL_HOOK):
        error = check(page, revision, user)
        if error:
            return str(error)
    return None


class DepartmentReviewTask(Task):
    """One 审 step, approved by the members of a role of the organisation owning the page.

    Why not GroupApprovalTask: its groups are fixed per task, so every department would need
    its own workflow. Here one 三审 workflow serves all departments: the approvers are found
    from the page's organisation at the time of review. The author of the item (who submitted
    it or wrote its latest revision) can never approve or reject a step.
    """

    role = models.CharField(_("审核角色"), max_length=30, choices=Role.choices)

    admin_form_fields = [*Task.admin_form_fields, "role"]

    class Meta:
        verbose_name = _("部门审核步骤")
        verbose_name_plural = _("部门审核步骤")

    def user_can_review(self, obj: Any, user: Any) -> bool:
        from .departments import is_author_of, user_has_role_for_page

        if is_author_of(obj, user):
            return False
        return user.is_superuser or user_has_role_for_page(user, obj, self.role)

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj: Any, user: Any) -> bool:
        return self.user_can_review(obj, user)

    def user_can_unlock(self, obj: Any, user: Any) -> bool:
        return False

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        if not self.user_can_review(obj, user):
            return []
        # No "approve" here: the dashboard panel and the editor's action menu offer these,
        # and approval belongs to the review screen, where the changes are shown
        # (review.py). "review" leads there.
        return [
            ("review", _("审核（查看修改）"), False),
            ("reject", _("退回修改"), True),
        ]

    def on_action(
        self, task_state: Any, user: Any, action_name: str, **kwargs: Any
    ) -> Any:
        # Checked again here: the workflow action view trusts get_actions, other callers may not.
        from .review import NOT_OPENED, review_url

        obj = task_state.workflow_state.content_object
        if not self.user_can_review(obj, user):
            raise PermissionDenied
        if action_name == "review":  # a redirect, no state change
            return review_url(task_state)
        # The review screen passes the revision it showed; nothing else can approve.
        shown = kwargs.pop("reviewed_revision_id", None)
        if action_name == "approve" and shown != task_state.revision_id:
            raise PermissionDenied(NOT_OPENED)
        if action_name == "approve" and self._is_last_step(task_state):
            # The item goes live on this approval: refuse it now rather than fail mid-publish.
            check = getattr(obj.specific, "publication_error", None)
            error = check(obj.get_latest_revision()) if check else None
            error = error or final_approval_error(obj, task_state.revision, user)
            if error:
                raise PermissionDenied(error)
        return super().on_action(task_state, user, action_name, **kwargs)

    def _is_last_step(self, task_state: Any) -> bool:
        tasks = list(
            task_state.workflow_state.workflow.tasks.values_list("pk", flat=True)
        )
        return bool(tasks) and tasks[-1] == self.pk

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> Any:
        from .departments import pages_with_role

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        # WorkflowState.object_id is text (generic relation): compare as text, in one subquery.
        page_ids = (
            pages_with_role(user, self.role)
            .annotate(text_pk=Cast("pk", output_field=models.CharField()))
            .values("text_pk")
        )
        return states.filter(workflow_state__object_id__in=page_ids).exclude(
            workflow_state__requested_by=user
        )

    @classmethod
    def get_description(cls) -> str:
        return str(_("由稿件所属机构的指定角色审核，作者本人不能审核。"))


class UrgentPublication(models.Model):
    """紧急发布: published at once by a final approver, reviewed after the fact."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("信息"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    reason = models.TextField(_("紧急发布理由"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("事后审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("事后审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("紧急发布")
        verbose_name_plural = _("紧急发布")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.page_id} @ {self.published_at:%Y-%m-%d %H:%M}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None
