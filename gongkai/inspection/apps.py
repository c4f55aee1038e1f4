from django.apps import AppConfig
from django.db.models.signals import pre_save


class InspectionConfig(AppConfig):
    name = "gongkai.inspection"
    label = "inspection"
    verbose_name = "网站自查"

    def ready(self) -> None:
        from . import publish_guards

        # Every page model: pre_save is sent with the concrete class as sender.
        pre_save.connect(
            publish_guards.refuse_unconfirmed_publish,
            dispatch_uid="gongkai_inspection_publish_guard",
        )
