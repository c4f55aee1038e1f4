from typing import Any

from django.apps import apps
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import DisclosurePage
from .services import allocate_index_number, keep_issued_index_number


@receiver(page_published)
def issue_index_number_on_first_publish(
    sender: Any, instance: Any, **kwargs: Any
) -> None:
    # Wagtail also sends page_published when it schedules a revision for later; the
    # number is issued when the item actually goes live.
    if not isinstance(instance, DisclosurePage) or not instance.live:
        return
    if instance.published_at is None:
        # 发布时间 defaults to the moment the item first went live.
        instance.published_at = instance.first_published_at
        DisclosurePage.objects.filter(pk=instance.pk).update(
            published_at=instance.published_at
        )
    if not instance.index_number:
        allocate_index_number(page=instance)


def guard_index_number(
    sender: Any, instance: Any, raw: bool = False, **kwargs: Any
) -> None:
    # Fixtures (raw) are stored as given, as DisclosurePage.save() never saw them.
    if not raw:
        keep_issued_index_number(
            page=instance, update_fields=kwargs.get("update_fields")
        )


def remember_index_number(sender: Any, instance: Any, **kwargs: Any) -> None:
    instance._issued_index_number = instance.index_number


def connect_index_number_guards() -> None:
    """Connect the guards for DisclosurePage and each of its subclasses, by sender: a
    model signal names the concrete class saved, and a sender-less receiver would run
    for every model of the project. Called from ready(), when every app's models are
    loaded (the annual report page of `reports` is one of them)."""
    for model in apps.get_models():
        if issubclass(model, DisclosurePage):
            uid = f"gongkai_catalog_index_number_{model._meta.label_lower}"
            pre_save.connect(guard_index_number, sender=model, dispatch_uid=uid)
            post_save.connect(remember_index_number, sender=model, dispatch_uid=uid)
