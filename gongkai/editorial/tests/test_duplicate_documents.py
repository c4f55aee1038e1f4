"""A duplicate document upload warns and names the existing file (issue #16), only the own."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from wagtail.documents import get_document_model

from gongkai.core.tests.factories import create_home_page

from ..enums import Role
from .factories import create_department

URL = "/admin/documents/multiple/add/"
CONTENT = b"%PDF-1.4\n% gongkai duplicate test\n"


class DuplicateDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = create_home_page()
        cls.department = create_department(parent=home)
        cls.other = create_department(parent=home)

    def upload(self, department, name="通知.pdf", content=CONTENT):
        collection = department.organisation.media_collection.collection
        return department.client(Role.EDITOR).post(
            URL,
            {"collection": collection.pk, "files[]": SimpleUploadedFile(name, content)},
        )

    def test_second_upload_of_the_same_file_warns_with_the_existing_document(self):
        first = self.upload(self.department)
        self.assertEqual(first.status_code, 200)
        self.assertFalse(first.json()["duplicate"])
        second = self.upload(self.department, name="通知（再传）.pdf").json()
        self.assertTrue(second["success"])
        self.assertTrue(second["duplicate"])
        existing = get_document_model().objects.get(pk=first.json()["doc_id"])
        self.assertIn("与已有文档内容完全相同", second["form"])
        self.assertIn(f"/admin/documents/edit/{existing.pk}/", second["form"])

    def test_a_different_file_is_no_duplicate(self):
        self.upload(self.department)
        response = self.upload(self.department, content=CONTENT + b"changed").json()
        self.assertFalse(response["duplicate"])
        self.assertNotIn("与已有文档内容完全相同", response["form"])

    def test_another_departments_file_is_never_named(self):
        theirs = self.upload(self.other).json()
        mine = self.upload(self.department).json()
        self.assertFalse(mine["duplicate"])
        self.assertNotIn(f"/admin/documents/edit/{theirs['doc_id']}/", mine["form"])

    def test_hostile_upload_requests_are_refused_not_500(self):
        client = self.department.client(Role.EDITOR)
        self.assertEqual(client.post(URL, {}).status_code, 400)  # no file
        foreign = self.other.organisation.media_collection.collection
        response = client.post(
            URL,
            {"collection": foreign.pk, "files[]": SimpleUploadedFile("x.pdf", CONTENT)},
        )
        self.assertLess(response.status_code, 500)
        self.assertFalse(
            get_document_model().objects.filter(collection=foreign).exists()
        )
