"""The page types' move from core to columns keeps a site's data (issue 18).

A database is taken back to main's migration state before the move (core/0004 with
HomePage and ColumnPage in core, content types labelled core), pages, a revision and
a catalog mapping are written with the historical models of that state, and the
database is migrated forward: the same rows must load as columns' page types.
Runs on SQLite and PostgreSQL (make test runs both).
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone
from wagtail.models import Page, Revision

from gongkai.columns.models import ColumnPage, HomePage
from gongkai.core.enums import ColumnListMode

BEFORE_THE_MOVE = [
    ("columns", None),
    ("core", "0004_site_identity_logo_marks"),
    ("portal_import", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets).apps  # the state the database is now in


def _forward() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


class PageTypesMoveTests(TransactionTestCase):
    # Migrations cannot run inside TestCase's transaction (SQLite's schema editor refuses).
    # No serialized_rollback: restoring the serialized content types collides with the
    # rows post_migrate recreates; these tests build their own tree and need no fixture.

    def setUp(self) -> None:
        self.addCleanup(_forward)  # never leave the database half migrated
        old = _migrate(BEFORE_THE_MOVE)
        self.ids = _write_a_site_before_the_move(old)
        _forward()

    def test_the_pages_load_as_columns_page_types_with_their_data(self) -> None:
        home = Page.objects.get(pk=self.ids["home"]).specific
        column = Page.objects.get(pk=self.ids["column"]).specific
        catalog = Page.objects.get(pk=self.ids["catalog"]).specific
        self.assertIsInstance(home, HomePage)
        self.assertEqual(home.intro, "金东区人民政府门户网站")
        self.assertIsInstance(column, ColumnPage)
        self.assertEqual(column.intro, "<p>本栏目发布通知公告。</p>")
        self.assertEqual(column.items_per_page, 15)
        self.assertTrue(column.requires_interpretation)
        self.assertEqual(catalog.list_mode, ColumnListMode.CATALOG)
        self.assertEqual(list(catalog.catalog_columns.all()), [column])
        self.assertEqual(list(column.catalogs.all()), [catalog])
        self.assertEqual(
            [p.specific_class for p in home.get_children()],
            [ColumnPage, ColumnPage],
        )

    def test_content_types_are_relabelled_in_place(self) -> None:
        moved = ContentType.objects.get_for_model(ColumnPage)
        self.assertEqual(moved.pk, self.ids["column_type"])
        self.assertEqual(moved.app_label, "columns")
        self.assertFalse(
            ContentType.objects.filter(app_label="core", model="columnpage").exists()
        )
        self.assertFalse(
            ContentType.objects.filter(app_label="core", model="homepage").exists()
        )
        # Permissions given to groups on the old content type are the same rows.
        permission = Permission.objects.get(pk=self.ids["permission"])
        self.assertEqual(permission.content_type, moved)
        self.assertTrue(
            Permission.objects.filter(
                content_type__app_label="columns", codename="change_columnpage"
            ).exists()
        )

    def test_revisions_written_before_the_move_still_load(self) -> None:
        revision = Revision.objects.get(pk=self.ids["revision"])
        self.assertEqual(revision.content_type_id, self.ids["column_type"])
        draft = revision.as_object()
        self.assertIsInstance(draft, ColumnPage)
        self.assertEqual(draft.title, "通知公告（草稿）")

    def test_the_move_can_be_reversed_and_replayed(self) -> None:
        _migrate(BEFORE_THE_MOVE)
        self.assertEqual(
            ContentType.objects.get(pk=self.ids["column_type"]).app_label, "core"
        )
        _forward()
        self.assertIsInstance(
            Page.objects.get(pk=self.ids["column"]).specific, ColumnPage
        )


def _write_a_site_before_the_move(apps) -> dict[str, int]:
    """首页 > 通知公告, 法定主动公开内容 (a catalog also listing 通知公告), written as
    main wrote them: core's models, content types labelled core."""
    content_type = apps.get_model("contenttypes", "ContentType")
    home_type, _ = content_type.objects.get_or_create(
        app_label="core", model="homepage"
    )
    column_type, _ = content_type.objects.get_or_create(
        app_label="core", model="columnpage"
    )
    self_ids: dict[str, int] = {"column_type": column_type.pk}
    locale, _ = apps.get_model("wagtailcore", "Locale").objects.get_or_create(
        language_code="zh-hans"
    )
    home_model = apps.get_model("core", "HomePage")
    column_model = apps.get_model("core", "ColumnPage")
    common = {"locale": locale, "live": True, "has_unpublished_changes": False}
    # A tree of its own (path 0099…) beside whatever root the database has.
    home = home_model.objects.create(
        title="金东区人民政府",
        draft_title="金东区人民政府",
        slug="jd-move",
        content_type=home_type,
        path="0099",
        depth=1,
        numchild=2,
        url_path="/jd-move/",
        intro="金东区人民政府门户网站",
        **common,
    )
    column = column_model.objects.create(
        title="通知公告",
        draft_title="通知公告",
        slug="tzgg",
        content_type=column_type,
        path="00990001",
        depth=2,
        numchild=0,
        url_path="/jd-move/tzgg/",
        intro="<p>本栏目发布通知公告。</p>",
        items_per_page=15,
        list_mode="list",
        requires_interpretation=True,
        **common,
    )
    catalog = column_model.objects.create(
        title="法定主动公开内容",
        draft_title="法定主动公开内容",
        slug="fdzdgknr",
        content_type=column_type,
        path="00990002",
        depth=2,
        numchild=0,
        url_path="/jd-move/fdzdgknr/",
        list_mode="catalog",
        **common,
    )
    # Through the table itself: ParentalManyToManyField.add only stages in memory.
    column_model.catalog_columns.through.objects.create(
        from_columnpage_id=catalog.pk, to_columnpage_id=column.pk
    )
    page_type = content_type.objects.get(app_label="wagtailcore", model="page")
    revision = apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=column_type,
        base_content_type=page_type,
        object_id=str(column.pk),
        object_str="通知公告（草稿）",
        created_at=timezone.now(),
        content={
            "pk": column.pk,
            "title": "通知公告（草稿）",
            "slug": "tzgg",
            "content_type": column_type.pk,
            "path": "00990001",
            "depth": 2,
            "intro": "<p>本栏目发布通知公告。</p>",
            "items_per_page": 15,
        },
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=column_type,
        codename="change_columnpage",
        defaults={"name": "Can change 栏目"},
    )
    self_ids.update(
        home=home.pk,
        column=column.pk,
        catalog=catalog.pk,
        revision=revision.pk,
        permission=permission.pk,
    )
    return self_ids
