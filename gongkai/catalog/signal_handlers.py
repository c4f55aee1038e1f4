from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import DisclosurePage
from .services import allocate_index_number


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
