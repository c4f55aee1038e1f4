"""What an import keeps of the old portal: every column's and item's legacy path and
where it went, so that a re-run is idempotent and old URLs answer 301.

The redirects themselves are Wagtail's `Redirect` rows (wagtail.contrib.redirects):
publishing turns them into the redirect map that `gongkai serve` and nginx use,
without knowing about this app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Layout(models.TextChoices):
    HANWEB = "hanweb", _("大汉 JCMS")
    TRS = "trs", _("拓尔思 TRS WCM")


class ItemStatus(models.TextChoices):
    IMPORTED = "imported", _("已导入")
    LINKED = "linked", _("已存在，仅登记旧地址")
    ATTENTION = "attention", _("需人工处理")
    SKIPPED = "skipped", _("已跳过")


class LegacyColumn(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    layout = models.CharField(_("原系统"), max_length=20, choices=Layout.choices)
    legacy_id = models.CharField(_("原栏目标识"), max_length=200)
    legacy_path = models.CharField(_("原地址"), max_length=255)
    title = models.CharField(_("原栏目名称"), max_length=200, blank=True)
    column = models.ForeignKey(
        "columns.ColumnPage",
        verbose_name=_("对应栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("历史栏目地址")
        verbose_name_plural = _("历史栏目地址")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "legacy_path"], name="unique_legacy_column_path"
            )
        ]

    def __str__(self) -> str:
        return self.legacy_path


class LegacyItem(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    layout = models.CharField(_("原系统"), max_length=20, choices=Layout.choices)
    legacy_id = models.CharField(_("原信息标识"), max_length=200)
    legacy_path = models.CharField(_("原地址"), max_length=255)
    legacy_column = models.ForeignKey(
        LegacyColumn,
        verbose_name=_("原栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    page = models.ForeignKey(
        "catalog.DisclosurePage",
        verbose_name=_("导入后的信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_index_number = models.CharField(_("原索引号"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ItemStatus.choices)
    reasons = models.TextField(_("原因"), blank=True, help_text=_("每行一条。"))
    content_hash = models.CharField(_("内容指纹"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("首次导入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最近更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("历史信息地址")
        verbose_name_plural = _("历史信息地址")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "legacy_path"], name="unique_legacy_item_path"
            )
        ]

    def __str__(self) -> str:
        return self.legacy_path
