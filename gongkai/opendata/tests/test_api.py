"""/api/open/: only the live public record, paginated, with ETags, files and feeds (issue 19)."""

import csv
import io
import json
import shutil
import tempfile
from xml.etree import ElementTree

from django.core.cache import cache
from django.test import TestCase, override_settings
from openapi_spec_validator import validate
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from gongkai.catalog.models import DisclosurePage
from gongkai.demo.builder import build_demo_site

SEED_INDEX_NUMBER = "330703000000/2023-153702"


class OpenDataTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = tempfile.mkdtemp(prefix="gk-opendata-")
        with override_settings(GONGKAI_PUBLISH_ROOT=cls.root):
            cls.demo = build_demo_site(item_count=6)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        cache.clear()
        overrides = override_settings(GONGKAI_PUBLISH_ROOT=self.root)
        overrides.enable()
        self.addCleanup(overrides.disable)

    def get(self, url, **headers):
        return self.client.get(url, headers=headers)

    def public_count(self):
        return DisclosurePage.objects.live().public().count()


class ItemListTests(OpenDataTestCase):
    def test_the_list_holds_every_live_public_item_and_the_seed_fields(self):
        response = self.get("/api/open/items/?per_page=100")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], self.public_count())
        seed = next(
            item
            for item in body["results"]
            if item["index_number"] == SEED_INDEX_NUMBER
        )
        self.assertEqual(seed["id"], self.demo.seed_page.pk)
        self.assertEqual(seed["publisher"], self.demo.seed_page.publisher.name)
        self.assertNotIn("\\", seed["topic"])
        self.assertTrue(seed["url"].startswith("http://testserver/"))
        self.assertEqual(seed["published_at"][:10], "2023-08-07")

    def test_pages_link_to_each_other_and_past_the_end_is_404(self):
        first = self.get("/api/open/items/?per_page=2").json()
        self.assertEqual(len(first["results"]), 2)
        self.assertIsNone(first["previous"])
        second = self.get(first["next"].replace("http://testserver", "")).json()
        self.assertEqual(second["page"], 2)
        self.assertTrue(
            {i["id"] for i in first["results"]}.isdisjoint(
                {i["id"] for i in second["results"]}
            )
        )
        past = self.get(f"/api/open/items/?per_page=2&page={first['num_pages'] + 1}")
        self.assertEqual(past.status_code, 404)

    def test_filters_by_year_column_and_organisation(self):
        seed = self.demo.seed_page
        column = seed.get_parent()
        for query in (
            f"year=2023&column={column.pk}",
            f"organisation={seed.publisher_id}&year=2023",
        ):
            with self.subTest(query=query):
                ids = [
                    i["id"]
                    for i in self.get(f"/api/open/items/?per_page=100&{query}").json()[
                        "results"
                    ]
                ]
                self.assertIn(seed.pk, ids)
        self.assertEqual(self.get("/api/open/items/?year=1950").json()["count"], 0)
        # A page that is not a column of the site (the home page) filters to nothing.
        self.assertEqual(
            self.get(f"/api/open/items/?column={self.demo.home.pk}").json()["count"], 0
        )

    def test_bad_parameters_are_named_in_a_400(self):
        for query, parameter in (
            ("per_page=1000", "per_page"),
            ("year=abc", "year"),
            ("page=0", "page"),
            ("updated_since=2024-13-45", "updated_since"),
            ("column=99999999999999999999", "column"),
        ):
            with self.subTest(query=query):
                response = self.get(f"/api/open/items/?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(
                    [e["parameter"] for e in response.json()["errors"]], [parameter]
                )

    def test_unpublished_and_private_items_never_appear(self):
        items = list(
            DisclosurePage.objects.live().exclude(pk=self.demo.seed_page.pk)[:2]
        )
        hidden, private = items
        hidden.unpublish()
        PageViewRestriction.objects.create(
            page=private, restriction_type="password", password="x"
        )
        body = self.get("/api/open/items/?per_page=100").json()
        ids = {item["id"] for item in body["results"]}
        self.assertNotIn(hidden.pk, ids)
        self.assertNotIn(private.pk, ids)
        self.assertEqual(self.get(f"/api/open/items/{hidden.pk}/").status_code, 404)
        self.assertEqual(self.get(f"/api/open/items/{private.pk}/").status_code, 404)
        self.assertEqual(
            self.get("/api/open/items/99999999999999999999/").status_code, 404
        )


class ConditionalRequestTests(OpenDataTestCase):
    def test_etag_gives_304_until_the_record_changes(self):
        first = self.get("/api/open/items/")
        etag = first["ETag"]
        self.assertEqual(first["Cache-Control"], "public, max-age=300")
        self.assertEqual(
            self.get("/api/open/items/", If_None_Match=etag).status_code, 304
        )
        self.demo.seed_page.save_revision().publish()
        changed = self.get("/api/open/items/", If_None_Match=etag)
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)

    def test_only_get_and_head(self):
        self.assertEqual(self.client.post("/api/open/items/").status_code, 405)
        self.assertEqual(self.client.head("/api/open/items/").status_code, 200)

    @override_settings(GONGKAI_OPENDATA_RATE="3/m")
    def test_a_client_over_its_rate_gets_429_with_retry_after(self):
        for _ in range(3):
            self.assertEqual(self.get("/api/open/columns/").status_code, 200)
        limited = self.get("/api/open/columns/")
        self.assertEqual(limited.status_code, 429)
        self.assertEqual(limited["Retry-After"], "60")
        self.assertIn("请求过于频繁", limited.json()["errors"][0]["message"])


class BulkFileTests(OpenDataTestCase):
    def seed_row_in(self, rows):
        return any(SEED_INDEX_NUMBER in row for row in rows)

    def test_csv_xlsx_and_json_of_a_year_hold_the_same_items(self):
        expected = (
            DisclosurePage.objects.live()
            .public()
            .filter(published_at__year=2023)
            .count()
        )
        csv_response = self.get("/api/open/items.csv?year=2023")
        self.assertEqual(csv_response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", csv_response["Content-Disposition"])
        text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0][:3], ["编号", "索引号", "名称"])
        self.assertEqual(len(rows) - 1, expected)
        self.assertTrue(self.seed_row_in(rows))

        xlsx = b"".join(self.get("/api/open/items.xlsx?year=2023").streaming_content)
        sheet = load_workbook(io.BytesIO(xlsx)).active
        xlsx_rows = [
            [str(c) if c is not None else "" for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        self.assertEqual(len(xlsx_rows) - 1, expected)
        self.assertTrue(self.seed_row_in(xlsx_rows))

        data = json.loads(
            b"".join(self.get("/api/open/items.json?year=2023").streaming_content)
        )
        self.assertEqual(len(data["results"]), expected)

    def test_a_year_is_required_and_unknown_formats_are_404(self):
        self.assertEqual(self.get("/api/open/items.csv").status_code, 400)
        self.assertEqual(self.get("/api/open/items.csv?year=99999").status_code, 400)
        self.assertEqual(self.get("/api/open/items.exe?year=2023").status_code, 404)
        self.assertEqual(
            self.get("/api/open/items.csv%2F..%2F..?year=2023").status_code, 404
        )


class FeedAndSchemaTests(OpenDataTestCase):
    def test_a_column_has_a_json_feed_and_an_atom_feed(self):
        column = self.demo.seed_page.get_parent()
        feed = self.get(f"/api/open/columns/{column.pk}/feed.json")
        self.assertEqual(feed["Content-Type"], "application/feed+json; charset=utf-8")
        body = feed.json()
        self.assertEqual(body["version"], "https://jsonfeed.org/version/1.1")
        self.assertIn(
            self.demo.seed_page.title, [item["title"] for item in body["items"]]
        )
        atom = self.get(f"/api/open/columns/{column.pk}/feed.atom")
        self.assertEqual(atom["Content-Type"], "application/atom+xml; charset=utf-8")
        tree = ElementTree.fromstring(atom.content)  # noqa: S314 -- our own feed, in a test
        titles = [e.text for e in tree.iter("{http://www.w3.org/2005/Atom}title")]
        self.assertIn(self.demo.seed_page.title, titles)
        self.assertEqual(
            self.get(
                f"/api/open/columns/{self.demo.seed_page.pk}/feed.json"
            ).status_code,
            404,
        )

    def test_columns_and_organisations(self):
        columns = self.get("/api/open/columns/").json()["results"]
        self.assertIn(self.demo.seed_page.get_parent().pk, [c["id"] for c in columns])
        organisations = self.get("/api/open/organisations/").json()["results"]
        self.assertIn(
            self.demo.seed_page.publisher.name, [o["name"] for o in organisations]
        )

    def test_the_openapi_description_is_valid_and_names_every_path(self):
        schema = self.get("/api/open/openapi.json").json()
        validate(schema)
        self.assertEqual(
            sorted(schema["paths"]),
            sorted(
                [
                    "/items/",
                    "/items/{id}/",
                    "/columns/",
                    "/organisations/",
                    "/items.{format}",
                    "/columns/{id}/feed.json",
                    "/columns/{id}/feed.atom",
                ]
            ),
        )
