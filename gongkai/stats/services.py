from django.db import transaction
from django.db.models import F

from .models import ViewCount


@transaction.atomic
def record_view(*, page_id: int) -> int:
    """Add one view and return the new count.

    The increment is a single UPDATE ... SET count = count + 1, so concurrent requests
    never lose a count; the row is created on first view without racing.
    """
    updated = ViewCount.objects.filter(page_id=page_id).update(count=F("count") + 1)
    if not updated:
        ViewCount.objects.bulk_create(
            [ViewCount(page_id=page_id)], ignore_conflicts=True
        )
        ViewCount.objects.filter(page_id=page_id).update(count=F("count") + 1)
    return ViewCount.objects.values_list("count", flat=True).get(page_id=page_id)


def get_view_count(*, page_id: int) -> int:
    return (
        ViewCount.objects.filter(page_id=page_id)
        .values_list("count", flat=True)
        .first()
        or 0
    )
