"""The 法定主动公开内容 catalog also lists the columns mapped to it (issue #16)."""

from django.test import TestCase
from django.urls import reverse

from gongkai.catalog.models import DisclosurePage
from gongkai.columns.models import ColumnPage
from gongkai.demo.builder import DemoSite, build_demo_site


class DemoCatalogSourcesTests(TestCase):
    demo: DemoSite
    catalog: ColumnPage
    regulations: ColumnPage

    @classmethod
    def setUpTestData(cls) -> None:
        cls.demo = build_demo_site(item_count=40)
        cls.catalog = cls.demo.columns["zwgk/zfxxgk/fdzdgknr"]
        cls.regulations = cls.demo.columns["zcwj/gfxwj"]

    def search(self, **params: str) -> str:
        response = self.client.get(
            reverse("search:catalog", args=[self.catalog.pk]), params
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_demo_maps_the_districts_regulations_into_the_catalog(self):
        catalog = ColumnPage.objects.get(pk=self.catalog.pk)
        self.assertEqual(
            list(catalog.catalog_columns.values_list("pk", flat=True)),
            [self.regulations.pk],
        )

    def test_catalog_search_finds_a_regulation_kept_under_policy_documents(self):
        regulations = (
            DisclosurePage.objects.live()
            .descendant_of(self.regulations)
            .exclude(document_number="")
        )
        # The demo's 金东区住宅小区物业管理办法 when the plan drew it, else any regulation.
        regulation = (
            regulations.filter(title__contains="物业").first() or regulations.first()
        )
        self.assertIsNotNone(regulation)
        subject = (
            regulation.title.split("《", 1)[1].split("》", 1)[0].removeprefix("金东区")
        )
        html = self.search(q=subject[:4])
        self.assertIn(regulation.document_number, html)
        # Without the mapping the catalog does not list it (the 0 hits).
        catalog = ColumnPage.objects.get(pk=self.catalog.pk)
        catalog.catalog_columns.clear()
        catalog.save()  # a ParentalManyToManyField is written on save
        self.assertNotIn(regulation.document_number, self.search(q=subject[:4]))

    def test_unmapped_columns_stay_out_of_the_catalog(self):
        news = self.demo.columns["xwdt/jdyw"]
        item = news.get_descendants().live().specific().exclude(title="").first()
        self.assertIsNotNone(item)
        self.assertNotIn(item.title, self.search(q=item.title[:6]))

    def test_the_static_first_page_lists_mapped_items_too(self):
        html = self.client.get(self.catalog.url).content.decode()
        newest = (
            DisclosurePage.objects.live()
            .descendant_of(self.regulations)
            .order_by("-published_at")
            .first()
        )
        self.assertIsNotNone(newest)
        # The catalog's first page shows the newest of all its sources; the regulation
        # is among them unless newer statutory items fill the page: search narrows it.
        self.assertIn(
            newest.document_number, self.search(document_number=newest.document_number)
        )
        self.assertIn("法定主动公开内容", html)
