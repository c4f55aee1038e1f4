"""The default 三审 workflow and its one- and two-step variants.

Wagtail assigns workflows to page subtrees (设置 → 工作流), so a column is switched to one or
two steps by assigning it the 一审 or 二审 workflow; everything else inherits 三审 from the root.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

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


@transaction.atomic
def ensure_default_workflows() -> dict[str, Workflow]:
    """Create the three workflows if missing and give the page tree 三审 by default.

    The root keeps a workflow an administrator chose; only Wagtail's stock
    "Moderators approval" (or none) is replaced.
    """
    tasks = {}
    for key, (name, role) in STEPS.items():
        task = DepartmentReviewTask.objects.filter(name=str(name)).first()
        tasks[key] = task or DepartmentReviewTask.objects.create(name=str(name), role=role)
    workflows = {}
    for key, (name, steps) in WORKFLOWS.items():
        workflow, created = Workflow.objects.get_or_create(name=str(name))
        if created:
            for order, step in enumerate(steps):
                WorkflowTask.objects.create(workflow=workflow, task=tasks[step], sort_order=order)
        workflows[key] = workflow
    root = Page.get_first_root_node()
    if root is not None:
        current = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
        if current is None or current.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
            WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflows["three"]})
    return workflows

