"""Editorial governance: departments and roles, the 三审 workflow, urgent publishing, scheduling, audit."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "gongkai.editorial"
    label = "editorial"
    verbose_name = "编审管理"

    def ready(self) -> None:
        from . import signal_handlers

        post_migrate.connect(signal_handlers.create_default_workflows, sender=self)
