"""Body blocks of content items: paragraphs, images with required alt text, tables, attachments."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageWithAltBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    alt_text = blocks.CharBlock(
        label=_("替代文字"),
        required=False,
        max_length=200,
        help_text=_("描述图片内容，供读屏软件朗读（无障碍要求，必填）。"),
    )
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "catalog/blocks/image.html"

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value.get("image") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [
                            ValidationError(
                                _(
                                    "请填写图片的替代文字：图片必须有文字描述，方便视障人士阅读。"
                                )
                            )
                        ]
                    )
                }
            )
        return value


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("附件"))
    title = blocks.CharBlock(label=_("附件名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "catalog/blocks/attachment.html"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("表格标题"), required=False, max_length=200)
    table = TableBlock(label=_("表格"), table_options={"renderer": "text"})

    class Meta:
        icon = "table"
        label = _("表格")
        template = "catalog/blocks/table.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("段落"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"],
        template="catalog/blocks/paragraph.html",
    )
    image = ImageWithAltBlock()
    table = TableWithCaptionBlock()
    attachment = AttachmentBlock()
