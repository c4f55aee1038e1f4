"""The manifest of published files: what the web root must hold, for tamper evidence."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import FileKind


class PublishedFile(models.Model):
    """One file of a site's publish tree, as the last publish wrote it (网页防篡改).

    The manifest lives in the database, not beside the files: whoever can change the
    web root cannot also make `gongkai verify` agree with the change.
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(_("路径"), max_length=1000)
    kind = models.CharField(_("类型"), max_length=20, choices=FileKind.choices)
    # The page whose rendering owns the file (its list pages, feed, sitemap); not a
    # foreign key, so that a deleted page's files can still be found and removed.
    page_id = models.BigIntegerField(_("页面ID"), null=True, blank=True)
    size = models.BigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    published_at = models.DateTimeField(_("发布时间"), auto_now=True)

    class Meta:
        verbose_name = _("已发布文件")
        verbose_name_plural = _("已发布文件")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "path"], name="publishing_unique_site_path"
            )
        ]
        indexes = [
            models.Index(fields=["site", "page_id"], name="publishing_site_page")
        ]

    def __str__(self) -> str:
        return self.path


class PublishedSite(models.Model):
    """A site the worker has fully published (`gongkai publish`): from then on every
    change to its pages is published incrementally.

    Kept in the database, not read off the disk, so that whichever server handles the
    editor's request — the admin server without the web root, or one machine holding
    everything — decides alike whether to enqueue a publish; only the worker, which
    holds the web root, writes files. Written with the manifest, in the transaction
    that switches the new tree in.
    """

    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    # Where the worker wrote it, for operators (several servers, one database).
    publish_root = models.CharField(_("发布根目录"), max_length=1000)
    folder = models.CharField(_("目录"), max_length=255)
    files = models.PositiveIntegerField(_("文件数"), default=0)
    published_at = models.DateTimeField(_("最近完整发布时间"), auto_now=True)

    class Meta:
        verbose_name = _("已发布站点")
        verbose_name_plural = _("已发布站点")

    def __str__(self) -> str:
        return f"{self.site} → {self.publish_root}/{self.folder}"
