"""政策文件: dates and validity, the interpretation rule (三同步) and the two-way links."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from gongkai.catalog.enums import DisclosureMethod, Validity
from gongkai.catalog.models import InterpretationPage
from gongkai.catalog.policy import (
    PolicyDocumentPage,
    interpretation_requirement_error,
    validity_date_error,
)
from gongkai.core.tests.factories import create_column, create_organisation

from .factories import publish


class InterpretationRuleTests(TestCase):
    def test_rule_table(self):
        cases = (
            (False, 0, "", False),
            (True, 1, "", False),
            (True, 0, "属于内部管理事项，不作解读", False),
            (True, 0, "", True),
            (True, 0, "   ", True),
        )
        for requires, count, reason, refused in cases:
            with self.subTest(requires=requires, count=count, reason=reason):
                error = interpretation_requirement_error(
                    requires_interpretation=requires,
                    interpretation_count=count,
                    reason=reason,
                )
                self.assertIs(error is not None, refused)

    def test_validity_date_table(self):
        self.assertIsNotNone(validity_date_error(is_invalid=True, invalid_on=None))
        self.assertIsNotNone(
            validity_date_error(is_invalid=False, invalid_on="2025-01-01")
        )
        self.assertIsNone(validity_date_error(is_invalid=False, invalid_on=None))


class PolicyDocumentAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.publisher = create_organisation()
        cls.column = create_column(title="规范性文件", requires_interpretation=True)
        cls.admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.com", "pw"
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def form_data(self, **fields):
        data = {
            "title": "金东区促进就业创业实施办法",
            "slug": "jycy",
            "body": streamfield([]),
            "publisher": self.publisher.pk,
            "disclosure_method": DisclosureMethod.PROACTIVE,
            "genre": "",
            "topic": "",
            "published_at": "",
            "source": "",
            "document_number": "金东政发〔2025〕3号",
            "written_on": "2025-03-01",
            "validity": Validity.VALID,
            "keywords": "",
            "summary": "",
            "change_note": "",
            "effective_on": "2025-04-01",
            "invalid_on": "",
            "replaced_by": "",
            "no_interpretation_reason": "",
            "action-publish": "action-publish",
        }
        data.update(fields)
        return nested_form_data(data)

    def add(self, **fields):
        url = reverse(
            "wagtailadmin_pages:add",
            args=["catalog", "policydocumentpage", self.column.pk],
        )
        return self.client.post(url, self.form_data(**fields))

    def test_publishing_without_interpretation_or_reason_is_refused(self):
        response = self.add()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "本栏目要求政策文件与解读同步发布")
        self.assertFalse(PolicyDocumentPage.objects.filter(live=True).exists())

    def test_a_reason_allows_publishing(self):
        response = self.add(no_interpretation_reason="属于机关内部管理事项，不作解读")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(PolicyDocumentPage.objects.get(slug="jycy").live)

    def test_a_column_without_the_rule_publishes_freely(self):
        self.column.requires_interpretation = False
        self.column.save()
        self.assertEqual(self.add().status_code, 302)

    def test_with_a_published_interpretation_it_publishes_and_both_link(self):
        self.add(**{"action-publish": ""})  # saved as a draft
        policy = PolicyDocumentPage.objects.get(slug="jycy")
        self.assertFalse(policy.live)
        interpretation = self.column.add_child(
            instance=InterpretationPage(
                title="一图读懂促进就业创业实施办法",
                slug="yt",
                publisher=self.publisher,
                live=False,
            )
        )
        interpretation.interprets.add(policy)
        publish(interpretation)
        url = reverse("wagtailadmin_pages:edit", args=[policy.pk])
        response = self.client.post(url, self.form_data())
        self.assertEqual(response.status_code, 302)
        policy = PolicyDocumentPage.objects.get(pk=policy.pk)
        self.assertTrue(policy.live)
        self.assertContains(self.client.get(policy.url), f'/{interpretation.slug}/"')
        self.assertContains(self.client.get(interpretation.url), f'/{policy.slug}/"')

    def test_publish_refuses_on_every_path(self):
        policy = self.column.add_child(
            instance=PolicyDocumentPage(
                title="未解读的文件",
                slug="wjd",
                publisher=self.publisher,
                live=False,
            )
        )
        with self.assertRaisesMessage(
            ValidationError, "本栏目要求政策文件与解读同步发布"
        ):
            policy.save_revision().publish()

    def test_an_invalid_document_says_so_on_its_page_and_in_lists(self):
        self.column.requires_interpretation = False
        self.column.save()
        self.add(title="新办法", slug="xbf")
        new = PolicyDocumentPage.objects.get(slug="xbf")
        self.add(
            validity=Validity.REPEALED,
            invalid_on="2025-06-30",
            replaced_by=new.pk,
            change_note="2025年6月30日起废止，由新办法替代。",
        )
        old = PolicyDocumentPage.objects.get(slug="jycy")
        page = self.client.get(old.url)
        self.assertContains(page, "本文件已废止")
        self.assertContains(page, "2025-06-30")
        self.assertContains(page, f'/{new.slug}/"')
        self.assertContains(page, "修改说明")
        listing = self.client.get(self.column.url)
        self.assertContains(
            listing, '<span class="badge badge-invalid">废止</span>', html=True
        )

    def test_invalid_without_its_date_is_refused(self):
        response = self.add(
            validity=Validity.EXPIRED, no_interpretation_reason="不解读"
        )
        self.assertContains(response, "请填写失效/废止日期")
