from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from gongkai.core.models import Organisation

from .audit import log_metadata_change
from .departments import ensure_organisation_roles


@receiver(post_save, sender=Organisation)
def create_organisation_roles(
    sender: Any, instance: Organisation, raw: bool = False, **kwargs: Any
) -> None:
    # Creating an organisation creates its groups; changing its root page moves their permissions.
    if not raw:
        ensure_organisation_roles(organisation=instance)


@receiver(page_published)
def log_published_metadata_change(
    sender: Any, instance: Any, revision: Any = None, **kwargs: Any
) -> None:
    if hasattr(instance, "index_number"):  # a disclosure item (catalog.DisclosurePage)
        log_metadata_change(page=instance, revision=revision)


def create_default_workflows(sender: Any, **kwargs: Any) -> None:
    """After migrate: the 三审 workflows, and groups for organisations made before this app."""
    from .workflows import ensure_default_workflows

    ensure_default_workflows()
    for organisation in Organisation.objects.filter(role_groups__isnull=True):
        ensure_organisation_roles(organisation=organisation)
