"""Missing metadata and missing 解读: the pure rules, then on the database."""

from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from gongkai.catalog.models import InterpretationPage
from gongkai.catalog.policy import PolicyDocumentPage
from gongkai.catalog.tests.factories import publish
from gongkai.core.tests.factories import (
    create_column,
    create_home_page,
    create_organisation,
)

from ..metadata import ItemFacts, lacks_interpretation, missing_fields
from ..services import inspect_site

FULL = {"index_number": "001-01-2026-0001", "published_at": "x", "genre": 1, "topic": 2}


def item(**overrides):
    values = {
        "page_id": 1,
        "title": "文件",
        "url": "/a/",
        "is_policy": True,
        "values": dict(FULL),
    }
    values.update(overrides)
    return ItemFacts(**values)


class MissingFieldTests(SimpleTestCase):
    def test_an_article_needs_the_catalog_fields(self):
        self.assertEqual(missing_fields(item(is_policy=False)), [])
        self.assertEqual(
            missing_fields(
                item(
                    is_policy=False, values={**FULL, "genre": None, "index_number": ""}
                )
            ),
            ["索引号", "体裁分类"],
        )

    def test_a_policy_document_also_needs_its_number_and_date(self):
        self.assertEqual(missing_fields(item()), ["文号", "成文日期"])
        self.assertEqual(
            missing_fields(
                item(
                    values={
                        **FULL,
                        "document_number": "金东政发〔2026〕1号",
                        "written_on": "d",
                    }
                )
            ),
            [],
        )


class InterpretationRuleTests(SimpleTestCase):
    def test_only_a_required_uninterpreted_unexplained_policy_lacks_it(self):
        self.assertTrue(lacks_interpretation(item(requires_interpretation=True)))
        self.assertFalse(lacks_interpretation(item(requires_interpretation=False)))
        self.assertFalse(
            lacks_interpretation(
                item(requires_interpretation=True, interpretation_count=1)
            )
        )
        self.assertFalse(
            lacks_interpretation(
                item(requires_interpretation=True, no_interpretation_reason="内部事务")
            )
        )
        blank_reason = item(requires_interpretation=True, no_interpretation_reason="  ")
        self.assertTrue(lacks_interpretation(blank_reason))
        self.assertFalse(
            lacks_interpretation(item(is_policy=False, requires_interpretation=True))
        )


class DatabaseTests(TestCase):
    def test_a_policy_published_before_the_column_required_interpretation_is_found(
        self,
    ):
        home = create_home_page()
        column = create_column(parent=home, title="政策文件", slug="zcwj")
        publisher = create_organisation()
        now = timezone.now()

        def add(page_class, title, slug):
            return column.add_child(
                instance=page_class(
                    title=title,
                    slug=slug,
                    publisher=publisher,
                    live=False,
                    published_at=now,
                )
            )

        bare = publish(add(PolicyDocumentPage, "未解读的办法", "wjd"))
        explained = publish(add(PolicyDocumentPage, "有解读的办法", "yjd"))
        interpretation = add(InterpretationPage, "一图读懂", "yt")
        interpretation.interprets.add(explained)
        publish(interpretation)
        column.requires_interpretation = True
        column.save()
        findings = inspect_site(site=home.get_site()).findings
        lacking = [f.page_id for f in findings if f.check == "missing_interpretation"]
        self.assertEqual(lacking, [bare.pk])
        metadata = {
            f.page_id: f.message for f in findings if f.check == "missing_metadata"
        }
        self.assertIn("文号", metadata[bare.pk])
        self.assertNotIn("发布时间", metadata[bare.pk])
