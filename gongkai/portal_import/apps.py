from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalImportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.portal_import"
    label = "portal_import"
    verbose_name = _("历史网站导入")
