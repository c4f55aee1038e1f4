"""Per-site settings of the public application pages (Settings → 依申请公开页面)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class ApplicationSettings(BaseSiteSetting):
    publish_disclosure_log = models.BooleanField(
        _("公开申请公开目录"),
        default=False,
        help_text=_(
            "在 /apply/log/ 公开已答复申请的办理结果目录（只显示办理机构、答复日期、"
            "办理结果和办理人员填写的公开申请事项，不含申请人信息）。"
        ),
    )

    class Meta:
        verbose_name = _("依申请公开页面")
        verbose_name_plural = _("依申请公开页面")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
