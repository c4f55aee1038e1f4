"""Malformed admin input answers a form error or 4xx, never 500 (issue 13 item 9)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from gongkai.catalog.models import ArticlePage
from gongkai.core.tests.factories import create_home_page

from ..enums import Role
from ..workflows import ensure_default_workflows
from .factories import add_article, article_form_data, create_department


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


class MalformedInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()
        cls.department = create_department(parent=create_home_page())

    def setUp(self):
        self.client = self.department.client(Role.EDITOR)

    def test_truncated_png_in_the_image_form_is_a_form_error(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "截断的图片",
                "file": SimpleUploadedFile("x.png", png_bytes()[:60], "image/png"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "图片文件已损坏或不完整")
        self.assertFalse(get_image_model().objects.exists())

    def test_a_whole_png_is_still_accepted(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "完整的图片",
                "file": SimpleUploadedFile("x.png", png_bytes(), "image/png"),
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(get_image_model().objects.get().width, 64)

    def test_truncated_png_in_the_multiple_upload_is_a_form_error(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile("x.png", png_bytes()[:60], "image/png")},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["success"])
        self.assertIn("图片文件已损坏或不完整", response.json()["error_message"])
        self.assertFalse(get_image_model().objects.exists())

    def test_truncated_png_in_the_document_form_is_refused_by_type(self):
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "截断的文档",
                "file": SimpleUploadedFile("x.png", png_bytes()[:60], "image/png"),
            },
        )
        self.assertEqual(response.status_code, 200)  # the form again, with its error
        self.assertFalse(get_document_model().objects.exists())

    def test_page_form_without_stream_count_is_400_and_changes_nothing(self):
        add_article(self.client, self.department, title="无计数")
        page = ArticlePage.objects.get(title="无计数")
        revisions = page.revisions.count()
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        good = article_form_data(
            title="改后的标题", slug=page.slug, publisher=page.publisher
        )
        for label, count in (
            ("missing", None),
            ("text", "abc"),
            ("huge", "99999999999999999999"),
            ("one", "1"),
        ):
            with self.subTest(label):
                data = dict(good)
                data.pop("body-count")
                if count is not None:
                    data["body-count"] = count
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 400)
                self.assertIn("表单数据不完整", response.content.decode())
        self.assertEqual(page.revisions.count(), revisions)
        self.assertEqual(
            self.client.post(url, good).status_code, 302
        )  # the admin's own form still saves

    def test_create_form_without_stream_count_is_400(self):
        data = article_form_data(
            title="新建", slug="new-no-count", publisher=self.department.organisation
        )
        data.pop("body-count")
        url = reverse(
            "wagtailadmin_pages:add",
            args=["catalog", "articlepage", self.department.column.pk],
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ArticlePage.objects.filter(slug="new-no-count").exists())

    def test_another_departments_editor_still_cannot_reach_the_form(self):
        other = create_department(parent=self.department.column.get_parent())
        add_article(self.client, self.department, title="他部门")
        page = ArticlePage.objects.get(title="他部门")
        data = article_form_data(
            title=page.title, slug=page.slug, publisher=page.publisher
        )
        data.pop("body-count")
        response = other.client(Role.EDITOR).post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data
        )
        self.assertNotEqual(response.status_code, 500)
        self.assertEqual(page.revisions.count(), 1)
