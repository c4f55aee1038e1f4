from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from . import checks, signal_handlers  # noqa: F401

        post_migrate.connect(
            signal_handlers.create_missing_office_groups,
            sender=self,
            dispatch_uid="gongkai_applications_office_groups",
        )
