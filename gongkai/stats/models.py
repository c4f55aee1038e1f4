from django.db import models
from django.utils.translation import gettext_lazy as _


class ViewCount(models.Model):
    """访问次数 of one page. Keyed by page id, not a foreign key, so that counting
    never joins the page tree and a deleted page's count does not block the delete."""

    page_id = models.BigIntegerField(_("页面ID"), unique=True)
    count = models.BigIntegerField(_("访问次数"), default=0)

    class Meta:
        verbose_name = _("访问次数")
        verbose_name_plural = _("访问次数")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.count}"
