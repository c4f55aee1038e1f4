"""Organisations get their 公开办 group when saved, and after migrate when missing."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.core.models import Organisation

from .services.offices import ensure_all_office_groups, ensure_office_group


@receiver(post_save, sender=Organisation, dispatch_uid="gongkai_applications_office")
def create_office_group(
    sender: Any, instance: Organisation, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:  # loaddata: the fixture brings its own groups
        ensure_office_group(organisation=instance)


def create_missing_office_groups(sender: Any, **kwargs: Any) -> None:
    ensure_all_office_groups()
