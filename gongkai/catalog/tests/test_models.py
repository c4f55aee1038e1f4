from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase

from gongkai.catalog.models import ArticlePage, DisclosurePage, IndexNumber
from gongkai.catalog.tests.factories import (
    create_article,
    create_published_article,
    post_article_add_form,
    publish,
)
from gongkai.core.tests.factories import create_column, create_organisation

IN_2025 = datetime(2025, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


class IssuedIndexNumberTests(TestCase):
    """Once issued, an index number never changes (rules.md §5.1: 永久不变)."""

    @classmethod
    def setUpTestData(cls):
        cls.home_column = create_column()
        cls.organisation = create_organisation()

    def setUp(self):
        self.page = create_published_article(
            column=self.home_column, publisher=self.organisation, published_at=IN_2025
        )
        self.number = self.page.index_number

    def assertNumberKept(self):
        self.assertEqual(
            DisclosurePage.objects.get(pk=self.page.pk).index_number, self.number
        )

    def test_editing_the_number_is_refused(self):
        """Saving a page with another number raises a Chinese error and stores nothing."""
        page = DisclosurePage.objects.get(pk=self.page.pk)
        page.index_number = f"{self.organisation.code}/2025-00099"
        with self.assertRaisesMessage(
            ValidationError, f"索引号“{self.number}”已发布，不得更改。"
        ):
            page.save()
        self.assertNumberKept()

    def test_clearing_the_number_is_refused(self):
        """An issued number cannot be removed either."""
        page = DisclosurePage.objects.get(pk=self.page.pk)
        page.index_number = None
        with self.assertRaisesMessage(
            ValidationError, f"索引号“{self.number}”已发布，不得更改。"
        ):
            page.save()
        self.assertNumberKept()

    def test_saving_an_instance_loaded_before_publishing_keeps_the_number(self):
        """An object from before the first publish, saved later, does not erase the number."""
        draft = create_article(column=self.home_column, publisher=self.organisation)
        publish(DisclosurePage.objects.get(pk=draft.pk).specific)
        number = DisclosurePage.objects.get(pk=draft.pk).index_number
        draft.title = "更正后的标题"
        draft.save()
        self.assertEqual(DisclosurePage.objects.get(pk=draft.pk).index_number, number)
        self.assertIsNotNone(number)

    def test_moving_to_another_column_keeps_the_number(self):
        """Moving the item, then republishing it, leaves the number unchanged."""
        other_column = create_column(parent=self.home_column.get_parent())
        self.page.move(other_column, pos="last-child")
        self.assertNumberKept()
        moved = publish(DisclosurePage.objects.get(pk=self.page.pk).specific)
        self.assertEqual(moved.get_parent().pk, other_column.pk)
        self.assertEqual(moved.index_number, self.number)

    def test_renaming_or_changing_the_publisher_keeps_the_number(self):
        """The number stays when the 发布机构 is renamed or recoded, or the item changes hands."""
        self.organisation.name = "金华市金东区人民政府办公室（更名）"
        self.organisation.code = "11330703728895273B"
        self.organisation.save()
        publish(self.page)
        self.assertNumberKept()
        self.page.publisher = create_organisation()
        publish(self.page)
        self.assertNumberKept()
        self.assertEqual(IndexNumber.objects.count(), 1)

    def test_republishing_an_older_revision_keeps_the_number(self):
        """Reverting to the revision saved before the number existed keeps the number."""
        first_revision = self.page.revisions.order_by("created_at", "pk").first()
        self.assertIsNone(first_revision.content.get("index_number"))
        self.page.title = "第二版"
        publish(self.page)
        first_revision.publish()
        page = DisclosurePage.objects.get(pk=self.page.pk)
        self.assertNotEqual(page.title, "第二版")
        self.assertEqual(page.index_number, self.number)

    def test_copies_get_numbers_of_their_own(self):
        """A copy starts without a number; a live copy is issued the next one."""
        draft_copy = self.page.copy(
            update_attrs={"slug": "draft-copy"}, keep_live=False
        )
        live_copy = self.page.copy(update_attrs={"slug": "live-copy"}, keep_live=True)
        self.assertIsNone(DisclosurePage.objects.get(pk=draft_copy.pk).index_number)
        self.assertEqual(
            DisclosurePage.objects.get(pk=live_copy.pk).index_number,
            f"{self.organisation.code}/2025-00002",
        )
        self.assertNumberKept()


class DisclosurePageFormTests(TestCase):
    """The admin refuses an item without 发布机构, in Chinese."""

    @classmethod
    def setUpTestData(cls):
        cls.column = create_column()
        cls.organisation = create_organisation()
        cls.user = get_user_model().objects.create_superuser(
            username="admin", email="admin@example.com", password="password"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def test_item_without_publisher_is_refused_in_chinese(self):
        """The form shows the Chinese 发布机构 message and no page is created."""
        response = post_article_add_form(self.client, column=self.column)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["publisher"],
            ["请选择发布机构：每条公开信息都必须注明发布机构。"],
        )
        self.assertContains(
            response, "请选择发布机构：每条公开信息都必须注明发布机构。"
        )
        self.assertFalse(ArticlePage.objects.exists())
        self.assertFalse(IndexNumber.objects.exists())

    def test_item_with_publisher_is_created_and_numbered(self):
        """The same form with a 发布机构 publishes the item with an index number."""
        response = post_article_add_form(
            self.client, column=self.column, publisher=self.organisation.pk
        )
        self.assertEqual(response.status_code, 302)
        page = ArticlePage.objects.get(slug="gongkai-2025")
        self.assertTrue(page.live)
        self.assertTrue(page.index_number.startswith(f"{self.organisation.code}/"))
