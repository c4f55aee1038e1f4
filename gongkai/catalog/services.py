"""Writes on the catalog: issuing, importing and keeping index numbers."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from gongkai.core.models import Organisation

from .index_numbers import format_index_number, parse_index_number
from .models import DisclosurePage, IndexNumber, IndexNumberCounter


def _locked_counter(*, organisation: Organisation, year: int) -> IndexNumberCounter:
    # Create the row if missing without racing (ON CONFLICT DO NOTHING), then lock it:
    # on PostgreSQL the row lock serialises allocators; SQLite runs IMMEDIATE transactions.
    IndexNumberCounter.objects.bulk_create(
        [IndexNumberCounter(organisation=organisation, year=year)],
        ignore_conflicts=True,
    )
    return IndexNumberCounter.objects.select_for_update().get(
        organisation=organisation, year=year
    )


@transaction.atomic
def allocate_index_number(*, page: DisclosurePage) -> str:
    """Issue the next index number for the page's publisher and year of publication.

    Idempotent: a page that has a number keeps it. Serials count per organisation per
    year; numbers already taken (imported ones) are passed over, never reused.
    """
    current = (
        DisclosurePage.objects.select_for_update()
        .values_list("index_number", flat=True)
        .get(pk=page.pk)
    )
    if not current:
        # A save from an instance loaded before a concurrent first publish can blank
        # the column; the registry still knows the page's number.
        current = (
            IndexNumber.objects.filter(page_id=page.pk)
            .order_by("issued_at", "pk")
            .values_list("number", flat=True)
            .first()
        )
        if current:
            DisclosurePage.objects.filter(pk=page.pk).update(index_number=current)
    if current:
        page.index_number = page._issued_index_number = current
        return current
    organisation = page.publisher
    year = timezone.localdate(page.published_at or timezone.now()).year
    counter = _locked_counter(organisation=organisation, year=year)
    while True:
        counter.last_serial += 1
        number = format_index_number(
            organisation.index_number_format,
            code=organisation.code,
            year=year,
            serial=counter.last_serial,
            width=organisation.serial_width,
        )
        if not IndexNumber.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last_serial"])
    IndexNumber.objects.create(
        number=number,
        organisation=organisation,
        year=year,
        serial=counter.last_serial,
        page=page,
    )
    DisclosurePage.objects.filter(pk=page.pk).update(index_number=number)
    page.index_number = page._issued_index_number = number
    log(page, "gongkai.index_number.allocate", data={"index_number": number})
    return number


@transaction.atomic
def import_index_number(*, page: DisclosurePage, number: str) -> str:
    """Give an imported page its original index number, and keep the counter clear of it.

    Raises ValidationError (Chinese) when the number is used by another item or the page
    already has a different number.
    """
    number = number.strip()
    taken = IndexNumber.objects.filter(number=number).select_related("page").first()
    if taken is not None and taken.page_id != page.pk:
        owner = taken.page.title if taken.page else _("已删除的信息")
        raise ValidationError(
            _(
                "索引号“%(number)s”已被《%(owner)s》使用，导入的信息不能使用重复的索引号。"
            )
            % {"number": number, "owner": owner}
        )
    if page.index_number and page.index_number != number:
        raise ValidationError(
            _("该信息已有索引号“%(number)s”，不能再导入其他索引号。")
            % {"number": page.index_number}
        )
    organisation = page.publisher
    parts = parse_index_number(organisation.index_number_format, number)
    if parts is not None and parts.code == organisation.code:
        counter = _locked_counter(organisation=organisation, year=parts.year)
        if parts.serial > counter.last_serial:
            counter.last_serial = parts.serial
            counter.save(update_fields=["last_serial"])
    if taken is None:
        IndexNumber.objects.create(
            number=number,
            organisation=organisation,
            year=parts.year if parts else None,
            serial=parts.serial if parts else None,
            page=page,
            is_imported=True,
        )
    DisclosurePage.objects.filter(pk=page.pk).update(index_number=number)
    page.index_number = page._issued_index_number = number
    return number


def keep_issued_index_number(
    *, page: DisclosurePage, update_fields: Iterable[str] | None = None
) -> None:
    """Before a page is saved: an issued index number never changes (rules.md §5.1).

    Raises ValidationError (Chinese) when the page would store another number or none.
    An instance loaded before the number was issued (a stale object, a second publish
    racing the first) gets the stored number back instead of erasing it; a race that
    still slips through is repaired from the registry by allocate_index_number.
    """
    issued = getattr(page, "_issued_index_number", None)
    if (
        page.pk
        and not (page.index_number or issued)
        and (update_fields is None or "index_number" in update_fields)
    ):
        issued = (
            DisclosurePage.objects.filter(pk=page.pk)
            .values_list("index_number", flat=True)
            .first()
        )
        if issued:
            page.index_number = page._issued_index_number = issued
    if issued and page.index_number != issued:
        raise ValidationError(
            {
                "index_number": _("索引号“%(number)s”已发布，不得更改。")
                % {"number": issued}
            }
        )
