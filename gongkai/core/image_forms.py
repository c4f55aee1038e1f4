"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): a damaged image is a form error.

Wagtail checks an upload's format and size from its header only; a truncated or corrupt
file then fails while Wagtail reads it to save (renditions, dimensions) and answered 500.
Here the whole image is decoded once with Pillow during validation (Pillow is already
Wagtail's image library), so a file that cannot be read is refused with a Chinese
message and nothing is saved."""

import struct
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = _("图片文件已损坏或不完整，无法读取，请重新导出后上传。")


class CompleteImageForm(BaseImageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField):
            # WagtailImageField.to_python itself reads the frames (pixel count) and raised
            # OSError there: wrap this form's copy of the field (self.fields is per form).
            header_checks = field.to_python

            def to_python(data: Any) -> Any:
                try:
                    file = header_checks(data)
                except (OSError, SyntaxError, struct.error) as exc:
                    raise ValidationError(DAMAGED, code="damaged_image") from exc
                if file is not None:
                    check_image_decodes(file)
                return file

            field.to_python = to_python  # type: ignore[method-assign]


def check_image_decodes(file: Any) -> None:
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(DAMAGED, code="damaged_image") from exc
    finally:
        file.seek(0)
