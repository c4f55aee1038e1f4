import atexit

from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import pre_save


class InspectionConfig(AppConfig):
    name = "gongkai.inspection"
    label = "inspection"
    verbose_name = "网站自查"

    def ready(self) -> None:
        from wagtail.models import get_page_models

        from gongkai.core.signals import worker_started

        from . import probes, publish_guards

        worker_started.connect(
            probes.on_worker_started, dispatch_uid="gongkai_inspection_probe"
        )
        # A publish the guard refused is written to the page's history once no refused
        # transaction is open: after each request, each probe round, and at exit.
        request_finished.connect(
            publish_guards.flush_refusals, dispatch_uid="gongkai_inspection_refusals"
        )
        atexit.register(publish_guards.flush_refusals)

        # Each page model by sender (pre_save names the concrete class saved): a
        # sender-less receiver would run for every save of every model.
        for model in get_page_models():
            pre_save.connect(
                publish_guards.refuse_unconfirmed_publish,
                sender=model,
                dispatch_uid=f"gongkai_inspection_publish_guard_{model._meta.label_lower}",
            )
