"""`gongkai import` of fixture portals (Hanweb JCMS and TRS WCM layouts, 550 items in
all) served over HTTP (the Hanweb columns load their lists past the first 45 records
from the data proxy by POST, as JCMS does): every item, metadata field, image and attachment arrives as the
fixture has it; a second run changes nothing; a changed page is updated; values that
cannot be kept are flagged, never silently accepted."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision, Site

from gongkai.catalog.models import ArticlePage, DisclosurePage, IndexNumber
from gongkai.portal_import.fixture_sites import FixtureItem
from gongkai.portal_import.models import ItemStatus, LegacyColumn, LegacyItem

from .sites import ServedSite, create_publishers, create_site_home, fixture_site

GOOD = {"hanweb": 300, "trs": 250}


def run_import(url: str, layout: str, site) -> str:
    out = StringIO()
    call_command("import", url, layout=layout, site=site.hostname, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "pages": sorted(
            DisclosurePage.objects.values_list(
                "pk", "latest_revision_id", "live", "title"
            )
        ),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "legacy": sorted(
            LegacyItem.objects.values_list("pk", "updated_at", "content_hash")
        ),
        "redirects": Redirect.objects.count(),
        "numbers": IndexNumber.objects.count(),
    }


class PortalImportTests(TestCase):
    # Not set in setUpTestData: Django deep-copies those attributes, and a served site
    # holds a running server thread.
    served: dict[str, ServedSite] = {}
    site: Site

    @classmethod
    def tearDownClass(cls):
        for served in PortalImportTests.served.values():
            served.close()
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        # The fixture sites use the preloaded taxonomy: made once the database is there.
        PortalImportTests.served.update(
            {
                layout: ServedSite(
                    fixture_site(layout, GOOD[layout], start_id=start),
                    jpage=layout == "hanweb",
                )
                for layout, start in (("hanweb", 5_000_000), ("trs", 6_000_000))
            }
        )
        cls.publishers = create_publishers()
        cls.home = create_site_home()
        cls.site = cls.home.get_site()
        cls.outputs = {
            layout: run_import(served.url, layout, cls.site)
            for layout, served in PortalImportTests.served.items()
        }

    def assert_item_equals_fixture(self, item: FixtureItem, layout: str) -> None:
        legacy = LegacyItem.objects.get(site=self.site, legacy_path=item.path)
        self.assertEqual(legacy.status, ItemStatus.IMPORTED, legacy.reasons)
        page = ArticlePage.objects.get(pk=legacy.page_id)
        self.assertTrue(page.live)
        self.assertEqual(
            (
                page.title,
                page.publisher.name,
                page.index_number,
                page.published_at,
                page.source,
                page.document_number,
                page.written_on,
                page.get_validity_display() if page.validity else "",
                page.genre.name if page.genre else "",
                str(page.topic) if page.topic else "",
                page.get_disclosure_method_display(),
                page.byline,
            ),
            (
                item.title,
                item.publisher,
                item.index_number,
                item.published_at,
                item.source,
                item.document_number,
                item.written_on,
                item.validity,
                item.genre,
                item.topic,
                item.disclosure_method,
                item.byline,
            ),
        )
        paragraphs = [
            block.value.source for block in page.body if block.block_type == "paragraph"
        ]
        self.assertEqual(paragraphs, [f"<p>{text}</p>" for text in item.paragraphs])
        images = [block.value for block in page.body if block.block_type == "image"]
        self.assertEqual(
            [(value["alt_text"], value["image"].file.read()) for value in images],
            [(asset.name, asset.data) for asset in item.images],
        )
        attachments = [
            block.value for block in page.body if block.block_type == "attachment"
        ]
        self.assertEqual(
            [(value["title"], value["document"].file.read()) for value in attachments],
            [(asset.name, asset.data) for asset in item.attachments],
        )
        column = LegacyColumn.objects.get(site=self.site, legacy_id=item.column_id)
        self.assertEqual(page.get_parent().pk, column.column_id)
        redirect = Redirect.objects.get(
            site=self.site, old_path=Redirect.normalise_path(item.path)
        )
        self.assertEqual(redirect.redirect_page_id, page.pk)

    def test_every_item_metadata_field_and_file_equals_the_fixture(self):
        checked = 0
        for layout, served in self.served.items():
            for item in served.site.items[: GOOD[layout]]:
                with self.subTest(layout=layout, path=item.path):
                    self.assert_item_equals_fixture(item, layout)
                checked += 1
        self.assertGreaterEqual(checked, 500)

    def test_columns_keep_their_tree_titles_and_old_paths(self):
        for served in self.served.values():
            for column in served.site.columns:
                row = LegacyColumn.objects.get(
                    site=self.site, legacy_id=column.legacy_id
                )
                self.assertEqual(
                    (row.title, row.column.title, row.legacy_path),
                    (column.title, column.title, column.path),
                )
                if column.parent_id:
                    parent = LegacyColumn.objects.get(
                        site=self.site, legacy_id=column.parent_id
                    )
                    self.assertEqual(row.column.get_parent().pk, parent.column_id)
                else:
                    self.assertEqual(row.column.get_parent().slug, "lszl")  # 历史栏目
                self.assertTrue(
                    Redirect.objects.filter(
                        site=self.site,
                        redirect_page=row.column_id,
                        old_path=Redirect.normalise_path(column.path),
                    ).exists()
                )

    def test_files_are_stored_once_per_content(self):
        images = {
            asset.data
            for served in self.served.values()
            for item in served.site.items
            for asset in item.images
        }
        documents = {
            asset.data
            for served in self.served.values()
            for item in served.site.items
            for asset in item.attachments
        }
        self.assertEqual(get_image_model().objects.count(), len(images))
        self.assertEqual(get_document_model().objects.count(), len(documents))

    def test_invalid_values_are_flagged_and_the_item_kept_as_a_draft(self):
        for served in self.served.values():
            other_scheme, unknown_publisher, foreign_code = served.site.items[-3:]
            for item, reason in (
                (other_scheme, f"索引号“{other_scheme.index_number}”不符合发布机构"),
                (unknown_publisher, "发布机构“金东区不存在局”在本系统中不存在"),
                (
                    foreign_code,
                    f"索引号“{foreign_code.index_number}”的前段码不是发布机构",
                ),
            ):
                legacy = LegacyItem.objects.get(site=self.site, legacy_path=item.path)
                self.assertEqual(legacy.status, ItemStatus.ATTENTION)
                self.assertIn(reason, legacy.reasons)
                self.assertEqual(legacy.original_index_number, item.index_number)
                self.assertFalse(legacy.page.live)
                self.assertIn(
                    f"需人工处理：{item.path}：", self.outputs[served.site.layout]
                )
            self.assertFalse(
                IndexNumber.objects.filter(number=other_scheme.index_number).exists()
            )
            self.assertIsNone(
                DisclosurePage.objects.get(
                    pk=LegacyItem.objects.get(legacy_path=foreign_code.path).page_id
                ).index_number
            )

    def test_the_report_counts_what_happened(self):
        for layout, output in self.outputs.items():
            self.assertIn(
                f"新建 {GOOD[layout] + 3}，更新 0，未变 0，仅登记旧地址 0，需人工处理 3，跳过 0",
                output,
            )
            self.assertIn(f"进度 {GOOD[layout] + 3}/{GOOD[layout] + 3}", output)

    def test_second_run_changes_nothing_and_a_changed_page_is_updated(self):
        before = snapshot()
        for layout, served in self.served.items():
            output = run_import(served.url, layout, self.site)
            self.assertIn(f"新建 0，更新 0，未变 {GOOD[layout] + 3}", output)
        self.assertEqual(snapshot(), before)
        served = self.served["hanweb"]
        item = served.site.items[7]
        file = served.folder / item.path.lstrip("/")
        file.write_text(
            file.read_text(encoding="utf-8").replace(
                item.title, item.title + "（修订）"
            ),
            encoding="utf-8",
        )
        output = run_import(served.url, "hanweb", self.site)
        self.assertIn("新建 0，更新 1，", output)
        page = ArticlePage.objects.get(
            pk=LegacyItem.objects.get(legacy_path=item.path).page_id
        )
        self.assertEqual(
            (page.title, page.live, page.index_number),
            (item.title + "（修订）", True, item.index_number),
        )
        self.assertEqual(DisclosurePage.objects.count(), len(before["pages"]))
