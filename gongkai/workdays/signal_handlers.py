from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import CalendarDay, CalendarYear
from .selectors import clear_calendar_cache


@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def drop_cached_calendar(sender: Any, using: str, **kwargs: Any) -> None:
    # Drop it now for this transaction, and again once the change is visible to all.
    clear_calendar_cache(uncommitted=transaction.get_connection(using).in_atomic_block)
    transaction.on_commit(clear_calendar_cache, using=using)


@receiver(post_migrate)
def drop_cached_calendar_after_migrate(sender: Any, **kwargs: Any) -> None:
    # flush (which TransactionTestCase also runs) empties the tables without row signals.
    clear_calendar_cache()
