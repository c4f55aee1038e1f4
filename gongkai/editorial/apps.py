"""Editorial governance: departments and roles, the 三审 workflow, urgent publishing, scheduling, audit."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "gongkai.editorial"
    label = "editorial"
    verbose_name = "编审管理"

    def ready(self) -> None:
        from wagtail.models import TaskState
        from wagtail.signals import task_submitted

        from . import signal_handlers
        from .admin_labels import (
            label_unlabelled_site_columns,
            label_workflow_page_field,
        )
        from .notifications import department_task_submission_notifier
        from .permission_names import rename_permissions

        post_migrate.connect(signal_handlers.create_default_workflows, sender=self)
        # Every app's emission (no sender): each renames its own permissions.
        post_migrate.connect(
            rename_permissions, dispatch_uid="gongkai_chinese_permission_names"
        )
        label_unlabelled_site_columns()
        label_workflow_page_field()
        task_submitted.connect(
            department_task_submission_notifier,
            sender=TaskState,
            dispatch_uid="gongkai_department_task_submitted",
        )
