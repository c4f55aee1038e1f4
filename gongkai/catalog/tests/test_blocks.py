from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.blocks import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from gongkai.catalog.blocks import ImageWithAltBlock
from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import post_article_add_form
from gongkai.core.tests.factories import create_column, create_organisation

ALT_TEXT_MESSAGE = "请填写图片的替代文字：图片必须有文字描述，方便视障人士阅读。"


class ImageWithAltBlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.image = Image.objects.create(
            title="政务公开工作会议",
            file=get_test_image_file("meeting.png", size=(8, 8)),
        )

    def clean(self, alt_text):
        block = ImageWithAltBlock()
        value = block.to_python(
            {"image": self.image.pk, "alt_text": alt_text, "caption": ""}
        )
        return block.clean(value)

    def test_image_without_alt_text_is_refused_in_chinese(self):
        """Empty or blank alt text is an error on the alt-text field, in Chinese."""
        for alt_text in ["", "   ", None]:
            with self.subTest(alt_text=alt_text):
                with self.assertRaises(StructBlockValidationError) as caught:
                    self.clean(alt_text)
                self.assertEqual(list(caught.exception.block_errors), ["alt_text"])
                self.assertEqual(
                    caught.exception.block_errors["alt_text"].messages,
                    [ALT_TEXT_MESSAGE],
                )
                self.assertEqual(
                    caught.exception.as_json_data(),
                    {"blockErrors": {"alt_text": {"messages": [ALT_TEXT_MESSAGE]}}},
                )

    def test_image_with_alt_text_passes(self):
        """An image described in words is valid and keeps its values."""
        value = self.clean("县政府常务会议现场")
        self.assertEqual(value["image"], self.image)
        self.assertEqual(value["alt_text"], "县政府常务会议现场")

    def test_admin_refuses_an_article_with_an_undescribed_image(self):
        """Publishing through the admin shows the message and creates no page."""
        user = get_user_model().objects.create_superuser(
            username="admin", password="password"
        )
        self.client.force_login(user)
        column = create_column()
        publisher = create_organisation()
        image_block = {"image": self.image.pk, "alt_text": "", "caption": ""}

        response = post_article_add_form(
            self.client,
            column=column,
            publisher=publisher.pk,
            body=[("image", image_block)],
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors.as_data()["body"][0].as_json_data(),
            {
                "blockErrors": {
                    0: {"blockErrors": {"alt_text": {"messages": [ALT_TEXT_MESSAGE]}}}
                }
            },
        )
        self.assertFalse(ArticlePage.objects.exists())

        image_block["alt_text"] = "县政府常务会议现场"
        response = post_article_add_form(
            self.client,
            column=column,
            publisher=publisher.pk,
            body=[("image", image_block)],
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ArticlePage.objects.get().live)
