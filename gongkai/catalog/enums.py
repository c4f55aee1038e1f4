from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureMethod(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_APPLICATION = "on_application", _("依申请公开")
    NOT_DISCLOSED = "not_disclosed", _("不予公开")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class InterpretationKind(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    VIDEO = "video", _("视频解读")


class GenreGroup(models.TextChoices):
    OFFICIAL_DOCUMENT = "official_document", _("公文")
    OTHER = "other", _("其他")
