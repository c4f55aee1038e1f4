from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    PAGE = "page", _("页面")
    FEED = "feed", _("RSS订阅")
    SITEMAP = "sitemap", _("站点地图")
    SITEMAP_INDEX = "sitemap_index", _("站点地图索引")
    ROBOTS = "robots", _("robots.txt")
    NOT_FOUND = "not_found", _("404页面")
    ASSET = "asset", _("静态资源或附件")
    DOWNLOAD = "download", _("页面的下载文件")
