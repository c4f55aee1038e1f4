"""The default 三审 workflow and its one- and two-step variants.

Wagtail assigns workflows to page subtrees (设置 → 工作流), so a column is switched to one or
two steps by assigning it the 一审 or 二审 workflow; everything else inherits 三审 from the root.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .enums import Role
from .models import DepartmentReviewTask

# (task name, role): 初审 by the reviewer, 复审 by the disclosure office (公开属性 and
# 保密审查), 终审 by the final approver.
STEPS = {
    "first": (_("初审"), Role.REVIEWER),
    "second": (_("复审"), Role.DISCLOSURE_OFFICER),
    "final": (_("终审"), Role.FINAL_APPROVER),
}
WORKFLOWS = {
    "three": (_("三审（初审、复审、终审）"), ("first", "second", "final")),
    "two": (_("二审（初审、终审）"), ("first", "final")),
    "one": (_("一审（终审）"), ("final",)),
}
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
# Wagtail's initial data: two groups with rights on the whole tree and a workflow of one
# task. gongkai replaces them with per-organisation groups (departments.py) and 三审; left
# in place they would be English names in a Chinese admin and a second, unused workflow.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
ROOT_TITLE = "全部站点"
ROOT_COLLECTION_NAME = "根目录"  # as migration editorial 0002 names it


@transaction.atomic
def ensure_default_workflows() -> dict[str, Workflow]:
    """Create the three workflows if missing and give the page tree 三审 by default.

    The root keeps a workflow an administrator chose; only Wagtail's stock
    "Moderators approval" (or none) is replaced.
    """
    tasks = {}
    for key, (name, role) in STEPS.items():
        task = DepartmentReviewTask.objects.filter(name=str(name)).first()
        tasks[key] = task or DepartmentReviewTask.objects.create(
            name=str(name), role=role
        )
    workflows = {}
    for key, (name, steps) in WORKFLOWS.items():
        workflow, created = Workflow.objects.get_or_create(name=str(name))
        if created:
            for order, step in enumerate(steps):
                WorkflowTask.objects.create(
                    workflow=workflow, task=tasks[step], sort_order=order
                )
        workflows[key] = workflow
    root = Page.get_first_root_node()
    if root is not None:
        current = (
            WorkflowPage.objects.filter(page=root).select_related("workflow").first()
        )
        if current is None or current.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
            WorkflowPage.objects.update_or_create(
                page=root, defaults={"workflow": workflows["three"]}
            )
    remove_wagtail_defaults()
    return workflows


def remove_wagtail_defaults() -> None:
    """Delete Wagtail's stock workflow, task and groups while nothing uses them.

    A workflow or task with history (a page went through it) is only deactivated, which
    Wagtail shows as 已停用 and hides from choosers; a stock group that has members is
    kept, since removing it would take rights away from people an administrator chose.
    """
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        if workflow.workflow_states.exists() or workflow.workflow_pages.exists():
            Workflow.objects.filter(pk=workflow.pk).update(active=False)
        else:
            workflow.delete()
    stock_tasks = GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW)
    for task in stock_tasks:
        if task.task_states.exists() or task.workflow_tasks.exists():
            Task.objects.filter(pk=task.pk).update(active=False)
        else:
            task.delete()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    # The tree's root, shown as the explorer's top level ("浏览：Root").
    Page.objects.filter(depth=1, title="Root").update(
        title=ROOT_TITLE, draft_title=ROOT_TITLE
    )
    # The root collection ("Root" in the image and document screens): migration 0002 renames
    # it; a flushed and rebuilt database (the demo) gets Wagtail's "Root" back.
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)
