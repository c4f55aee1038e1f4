from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("政府")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇街道")
    OTHER = "other", _("其他")


class ColumnListMode(models.TextChoices):
    """How a column lists its items: a plain news list, or the disclosure catalog table."""

    LIST = "list", _("列表")
    CATALOG = "catalog", _("公开目录（表格、筛选、下载）")
