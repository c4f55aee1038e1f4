from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("政府")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇街道")
    OTHER = "other", _("其他")
