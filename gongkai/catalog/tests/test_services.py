import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import TestCase, TransactionTestCase

from gongkai.catalog.models import DisclosurePage, IndexNumber, IndexNumberCounter
from gongkai.catalog.services import allocate_index_number, import_index_number
from gongkai.catalog.tests.factories import (
    create_article,
    create_published_article,
    publish,
)
from gongkai.core.tests.factories import create_column, create_organisation

SHANGHAI = ZoneInfo("Asia/Shanghai")
IN_2025 = datetime(2025, 3, 1, 9, 30, tzinfo=SHANGHAI)
IN_2024 = datetime(2024, 6, 1, 9, 30, tzinfo=SHANGHAI)


class AllocateIndexNumberTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.column = create_column()
        cls.organisation = create_organisation(code="11330703728895273B")

    def publish_article(self, organisation=None, published_at=IN_2025):
        return create_published_article(
            column=self.column,
            publisher=organisation or self.organisation,
            published_at=published_at,
        )

    def test_first_publish_issues_a_number_in_the_organisation_format(self):
        """The default format is {code}/{year}-{serial}, serial zero-padded to 5 digits."""
        page = self.publish_article()
        self.assertEqual(page.index_number, "11330703728895273B/2025-00001")

    def test_serial_width_is_configurable(self):
        """An organisation on the 6-digit scheme of the seed gets 6-digit serials."""
        township = create_organisation(
            kind="township", code="330703000000", serial_width=6
        )
        page = self.publish_article(organisation=township)
        self.assertEqual(page.index_number, "330703000000/2025-000001")

    def test_custom_format_is_used(self):
        """An organisation's own format decides where code, year and serial go."""
        organisation = create_organisation(
            index_number_format="{code}-{year}-{serial}", serial_width=4
        )
        page = self.publish_article(organisation=organisation)
        self.assertEqual(page.index_number, f"{organisation.code}-2025-0001")

    def test_serials_count_per_organisation_per_year(self):
        """Each organisation numbers each year from 1, whatever the others have issued."""
        other = create_organisation()
        numbers = [
            self.publish_article(published_at=IN_2025).index_number,
            self.publish_article(published_at=IN_2025).index_number,
            self.publish_article(published_at=IN_2024).index_number,
            self.publish_article(organisation=other).index_number,
            self.publish_article(published_at=IN_2025).index_number,
            self.publish_article(organisation=other).index_number,
        ]
        self.assertEqual(
            numbers,
            [
                "11330703728895273B/2025-00001",
                "11330703728895273B/2025-00002",
                "11330703728895273B/2024-00001",
                f"{other.code}/2025-00001",
                "11330703728895273B/2025-00003",
                f"{other.code}/2025-00002",
            ],
        )

    def test_year_comes_from_the_local_date_of_publication_time(self):
        """发布时间 decides the year, in Beijing time: 1 Jan 00:30 is the new year."""
        cases = [
            (datetime(2023, 6, 1, 12, 0, tzinfo=SHANGHAI), "2023"),
            (datetime(2024, 12, 31, 16, 30, tzinfo=ZoneInfo("UTC")), "2025"),
            (datetime(2024, 12, 31, 23, 59, tzinfo=SHANGHAI), "2024"),
        ]
        for published_at, year in cases:
            with self.subTest(published_at=published_at):
                page = self.publish_article(published_at=published_at)
                self.assertEqual(page.index_number.split("/")[1][:4], year)

    def test_issued_number_is_recorded_in_the_registry(self):
        """The registry holds the number with its organisation, year, serial and page."""
        page = self.publish_article()
        entry = IndexNumber.objects.get(number=page.index_number)
        self.assertEqual(
            (
                entry.organisation,
                entry.year,
                entry.serial,
                entry.page_id,
                entry.is_imported,
            ),
            (self.organisation, 2025, 1, page.pk, False),
        )

    def test_allocating_twice_returns_the_same_number(self):
        """allocate_index_number is idempotent: a numbered page keeps its number."""
        page = self.publish_article()
        stale = DisclosurePage.objects.get(pk=page.pk)
        stale.index_number = None
        stale._issued_index_number = None
        self.assertEqual(allocate_index_number(page=stale), page.index_number)
        self.assertEqual(stale.index_number, page.index_number)
        self.assertEqual(IndexNumber.objects.count(), 1)
        self.assertEqual(IndexNumberCounter.objects.get().last_serial, 1)

    def test_blanked_number_is_restored_from_the_registry(self):
        """If a racing save blanks the column, the next publish restores the same number."""
        page = self.publish_article()
        DisclosurePage.objects.filter(pk=page.pk).update(index_number=None)
        page = publish(DisclosurePage.objects.get(pk=page.pk).specific)
        self.assertEqual(page.index_number, "11330703728895273B/2025-00001")
        self.assertEqual(IndexNumber.objects.count(), 1)

    def test_numbers_of_deleted_items_are_never_reused(self):
        """Deleting an item leaves its number in the registry; the next item gets the next serial."""
        first = self.publish_article()
        first.delete()
        second = self.publish_article()
        self.assertEqual(second.index_number, "11330703728895273B/2025-00002")
        self.assertIsNone(IndexNumber.objects.get(number=first.index_number).page)

    def test_registry_guards_numbers_even_without_a_counter(self):
        """If a counter row is lost, numbers in the registry are still passed over."""
        self.publish_article()
        self.publish_article()
        IndexNumberCounter.objects.all().delete()
        page = self.publish_article()
        self.assertEqual(page.index_number, "11330703728895273B/2025-00003")

    def test_database_refuses_a_duplicate_number(self):
        """Uniqueness is a database constraint on the items and on the registry."""
        first = self.publish_article()
        second = self.publish_article()
        with self.assertRaises(IntegrityError), transaction.atomic():
            DisclosurePage.objects.filter(pk=second.pk).update(
                index_number=first.index_number
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            IndexNumber.objects.create(
                number=first.index_number, organisation=self.organisation
            )

    def test_numbers_are_unique_across_organisations_sharing_a_code(self):
        """Two organisations with one code never get the same number: the second skips it."""
        office = create_organisation(code="11330703728895273B")
        first = self.publish_article()
        second = self.publish_article(organisation=office)
        self.assertEqual(first.index_number, "11330703728895273B/2025-00001")
        self.assertEqual(second.index_number, "11330703728895273B/2025-00002")


class ImportIndexNumberTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.column = create_column()
        cls.organisation = create_organisation(code="11330703728895273B")

    def create_imported_article(self, number, **fields):
        page = create_article(column=self.column, publisher=self.organisation, **fields)
        import_index_number(page=page, number=number)
        return page

    def test_imported_item_keeps_its_original_number_when_published(self):
        """A migrated item is published under the number it had on the old site."""
        page = self.create_imported_article(
            "11330703728895273B/2025-09340", published_at=IN_2025
        )
        page = publish(page)
        self.assertEqual(page.index_number, "11330703728895273B/2025-09340")
        entry = IndexNumber.objects.get()
        self.assertEqual(
            (entry.page_id, entry.is_imported, entry.year, entry.serial),
            (page.pk, True, 2025, 9340),
        )

    def test_counter_continues_after_the_highest_imported_serial(self):
        """New numbers never collide with imported ones: the counter moves past them."""
        self.create_imported_article("11330703728895273B/2025-09340")
        self.create_imported_article("11330703728895273B/2025-00005")
        page = create_published_article(
            column=self.column, publisher=self.organisation, published_at=IN_2025
        )
        self.assertEqual(page.index_number, "11330703728895273B/2025-09341")

    def test_imports_in_another_year_leave_this_year_alone(self):
        """An import from 2024 moves only the 2024 counter."""
        self.create_imported_article("11330703728895273B/2024-00077")
        page = create_published_article(
            column=self.column, publisher=self.organisation, published_at=IN_2025
        )
        self.assertEqual(page.index_number, "11330703728895273B/2025-00001")

    def test_imported_number_under_another_code_is_still_never_issued(self):
        """A number imported under an older code is skipped by the organisation that owns it."""
        owner = create_organisation()
        self.create_imported_article(f"{owner.code}/2025-00001")
        page = create_published_article(
            column=self.column, publisher=owner, published_at=IN_2025
        )
        self.assertEqual(page.index_number, f"{owner.code}/2025-00002")

    def test_numbers_of_other_schemes_are_kept_as_they_are(self):
        """A number in an old composite scheme is imported without parts and moves no counter."""
        page = self.create_imported_article(" 330703-0100-2015-0001 ")
        self.assertEqual(page.index_number, "330703-0100-2015-0001")
        entry = IndexNumber.objects.get()
        self.assertEqual(
            (entry.year, entry.serial, entry.is_imported), (None, None, True)
        )
        self.assertFalse(IndexNumberCounter.objects.exists())

    def test_importing_the_same_number_again_is_harmless(self):
        """Re-running an import for the same page and number changes nothing."""
        page = self.create_imported_article("11330703728895273B/2025-09340")
        import_index_number(page=page, number="11330703728895273B/2025-09340")
        self.assertEqual(IndexNumber.objects.count(), 1)
        self.assertEqual(IndexNumberCounter.objects.get().last_serial, 9340)

    def test_clashing_imports_are_refused_with_a_chinese_message(self):
        """A number held by another item, live or deleted, cannot be imported again."""
        holder = self.create_imported_article(
            "11330703728895273B/2025-09340", title="关于开展政务公开工作的通知"
        )
        deleted = self.create_imported_article("11330703728895273B/2025-00001")
        deleted.delete()
        cases = [
            (
                "11330703728895273B/2025-09340",
                "索引号“11330703728895273B/2025-09340”已被《关于开展政务公开工作的通知》使用，导入的信息不能使用重复的索引号。",
            ),
            (
                "11330703728895273B/2025-00001",
                "索引号“11330703728895273B/2025-00001”已被《已删除的信息》使用，导入的信息不能使用重复的索引号。",
            ),
        ]
        for number, message in cases:
            with self.subTest(number=number):
                page = create_article(column=self.column, publisher=self.organisation)
                with self.assertRaisesMessage(ValidationError, message):
                    import_index_number(page=page, number=number)
                page.refresh_from_db()
                self.assertIsNone(page.index_number)
        self.assertEqual(IndexNumber.objects.get(number=cases[0][0]).page_id, holder.pk)

    def test_clash_with_an_issued_number_is_refused(self):
        """An import cannot take a number the system already issued."""
        issued = create_published_article(
            column=self.column, publisher=self.organisation, published_at=IN_2025
        )
        page = create_article(column=self.column, publisher=self.organisation)
        with self.assertRaisesMessage(
            ValidationError, f"索引号“{issued.index_number}”已被《{issued.title}》使用"
        ):
            import_index_number(page=page, number=issued.index_number)

    def test_numbered_item_cannot_take_another_number(self):
        """An item that already has a number keeps it."""
        page = create_published_article(
            column=self.column, publisher=self.organisation, published_at=IN_2025
        )
        with self.assertRaisesMessage(
            ValidationError,
            "该信息已有索引号“11330703728895273B/2025-00001”，不能再导入其他索引号。",
        ):
            import_index_number(page=page, number="11330703728895273B/2020-00001")
        self.assertFalse(
            IndexNumber.objects.filter(number="11330703728895273B/2020-00001").exists()
        )


def run_in_threads(count, target):
    """Run target(i) in `count` threads started together; return their exceptions."""
    barrier = threading.Barrier(count)
    errors = []

    def run(i):
        try:
            barrier.wait(timeout=30)
            target(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


# Search indexing stays on: the task backend runs it after commit
# (gongkai.core.task_backends), so concurrent publishes do not deadlock on index rows.
class ConcurrentAllocationTests(TransactionTestCase):
    """Publishing at once from many connections, on SQLite (file) and PostgreSQL."""

    threads = 8
    pages_per_thread = 5

    def setUp(self):
        self.organisation = create_organisation(code="11330703728895273B")
        self.column = create_column()

    def test_simultaneous_publishing_neither_repeats_nor_skips_a_serial(self):
        """8 threads x 5 pages published at once get exactly serials 1..40."""
        page_ids = [
            [
                create_article(
                    column=self.column,
                    publisher=self.organisation,
                    published_at=IN_2025,
                ).pk
                for _ in range(self.pages_per_thread)
            ]
            for _ in range(self.threads)
        ]

        def publish_pages(i):
            for page_id in page_ids[i]:
                publish(DisclosurePage.objects.get(pk=page_id).specific)

        errors = run_in_threads(self.threads, publish_pages)

        self.assertEqual(errors, [])
        total = self.threads * self.pages_per_thread
        numbers = list(DisclosurePage.objects.values_list("index_number", flat=True))
        self.assertEqual(len(numbers), total)
        self.assertEqual(len(set(numbers)), total)
        serials = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
        self.assertEqual(serials, list(range(1, total + 1)))
        self.assertEqual(
            sorted(IndexNumber.objects.values_list("serial", flat=True)), serials
        )
        self.assertEqual(IndexNumberCounter.objects.get().last_serial, total)

    def test_publishing_one_item_at_once_issues_one_number(self):
        """The same item published from 8 connections at once gets one number, kept for good."""
        page_id = create_article(
            column=self.column, publisher=self.organisation, published_at=IN_2025
        ).pk

        errors = run_in_threads(
            self.threads,
            lambda i: publish(DisclosurePage.objects.get(pk=page_id).specific),
        )

        self.assertEqual(errors, [])
        self.assertEqual(
            DisclosurePage.objects.get(pk=page_id).index_number,
            "11330703728895273B/2025-00001",
        )
        self.assertEqual(
            list(IndexNumber.objects.values_list("number", "page_id")),
            [("11330703728895273B/2025-00001", page_id)],
        )
