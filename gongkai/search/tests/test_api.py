import json
from dataclasses import replace
from unittest import mock

from django.test import TestCase
from openapi_spec_validator import validate

from gongkai.search import views
from gongkai.search.forms import SearchForm
from gongkai.search.results import FACET_NAMES

from .page_corpus import build_corpus


class SearchApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()

    def test_returns_hits_facets_and_the_query_as_run(self):
        response = self.client.get("/api/search/", {"q": "全体会议"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        data = response.json()
        self.assertEqual(data["total"], 1)
        self.assertEqual(data["num_pages"], 1)
        hit = data["hits"][0]
        self.assertEqual(hit["title"], "区委五届四次全体会议举行")
        self.assertIn("<mark>全体会议</mark>", hit["title_html"])
        self.assertEqual(hit["publisher"], "金东区人民政府办公室")
        self.assertEqual(hit["published_on"], "2023-05-10")
        self.assertEqual(hit["column"]["title"], "政府会议")
        self.assertEqual(hit["page_id"], self.corpus.meeting.pk)
        self.assertEqual(data["query"]["q"], "全体会议")
        self.assertEqual(data["query"]["sort"], "relevance")
        self.assertEqual({f["name"] for f in data["facets"]} - set(FACET_NAMES), set())
        year = next(f for f in data["facets"] if f["name"] == "year")
        self.assertEqual(
            year["values"],
            [{"value": "2023", "label": "2023", "count": 1, "selected": False}],
        )
        self.assertIs(data["facets_estimated"], False)
        # Chinese stays readable in the body, not \\u-escaped.
        self.assertIn("全体会议".encode(), response.content)

    def test_reports_estimated_facet_counts(self):
        """When the engine counted the facets over a sample, the API says so."""

        def estimated(query):
            return replace(search(query), facets_estimated=True)

        search = views.run_search
        with mock.patch.object(views, "run_search", estimated):
            data = self.client.get("/api/search/", {"q": "全体会议"}).json()
        self.assertIs(data["facets_estimated"], True)

    def test_same_parameters_as_the_page(self):
        params = {
            "q": "政务公开",
            "column": str(self.corpus.regulations.pk),
            "sort": "oldest",
            "page": "2",
            "per_page": "5",
        }
        data = self.client.get("/api/search/", params).json()
        self.assertEqual(data["total"], 12)
        self.assertEqual(data["num_pages"], 3)
        self.assertEqual(len(data["hits"]), 5)
        dates = [hit["published_on"] for hit in data["hits"]]
        self.assertEqual(dates, sorted(dates))
        self.assertEqual(
            data["query"]["filters"], {"column": [str(self.corpus.regulations.pk)]}
        )

    def test_number_query_reports_direct_url(self):
        data = self.client.get("/api/search/", {"q": "金东政发〔2023〕12号"}).json()
        self.assertEqual(data["direct_url"], self.corpus.notice.url)
        self.assertEqual(data["hits"][0]["page_id"], self.corpus.notice.pk)

    def test_bad_parameters_are_a_400_naming_each(self):
        response = self.client.get(
            "/api/search/",
            {
                "q": "会议",
                "page": "abc",
                "date_from": "2024-01-01",
                "date_to": "2023-01-01",
                "year": "x",
            },
        )
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(
            {(e["parameter"], e["message"]) for e in errors},
            {
                ("page", "页码应为正整数，已显示第 1 页。"),
                ("date_to", "结束日期早于起始日期，日期范围未生效，请检查。"),
                ("filters", "部分筛选条件无效，已忽略。"),
            },
        )

    def test_per_page_is_capped(self):
        response = self.client.get("/api/search/", {"q": "会议", "per_page": "1000"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["parameter"], "per_page")


class OpenApiTests(TestCase):
    def test_describes_every_parameter_of_the_form(self):
        response = self.client.get("/api/search/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = json.loads(response.content)
        self.assertTrue(schema["openapi"].startswith("3."))
        operation = schema["paths"]["/api/search/"]["get"]
        documented = {p["name"] for p in operation["parameters"]}
        self.assertEqual(documented, set(SearchForm.base_fields) | set(FACET_NAMES))
        self.assertEqual(set(operation["responses"]), {"200", "400"})
        self.assertEqual(schema["servers"], [{"url": "http://testserver"}])

    def test_documents_every_field_the_api_returns(self):
        """The response schemas name exactly the fields `serialize` writes."""
        corpus = build_corpus()
        schemas = self.client.get("/api/search/openapi.json").json()["components"][
            "schemas"
        ]
        data = self.client.get("/api/search/", {"q": "全体会议"}).json()
        self.assertEqual(set(schemas["SearchResults"]["properties"]), set(data))
        self.assertEqual(set(schemas["Hit"]["properties"]), set(data["hits"][0]))
        self.assertEqual(set(schemas["Facet"]["properties"]), set(data["facets"][0]))
        self.assertEqual(
            set(schemas["FacetValue"]["properties"]),
            set(data["facets"][0]["values"][0]),
        )
        self.assertEqual(data["hits"][0]["page_id"], corpus.meeting.pk)
        errors = self.client.get("/api/search/", {"per_page": "1000"}).json()
        self.assertEqual(
            set(schemas["Errors"]["properties"]["errors"]["items"]["properties"]),
            set(errors["errors"][0]),
        )

    def test_enumerates_the_values_the_form_accepts(self):
        operation = self.client.get("/api/search/openapi.json").json()["paths"][
            "/api/search/"
        ]["get"]
        enums = {p["name"]: p["schema"].get("enum") for p in operation["parameters"]}
        for name in ("validity", "sort"):
            with self.subTest(name=name):
                accepted = {
                    value
                    for value, _label in SearchForm.base_fields[name].choices
                    if value
                }
                self.assertEqual(set(enums[name]), accepted)

    def test_is_a_valid_openapi_3_document(self):
        """openapi-spec-validator accepts it (references resolve, schemas well formed)."""
        schema = self.client.get("/api/search/openapi.json").json()
        validate(schema)
