"""Organisations (机构) and site identity; the page types live in gongkai.columns."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .enums import OrganisationKind
from .organisation_codes import OrganisationCodeError, validate_code_for_kind

DEFAULT_INDEX_NUMBER_FORMAT = "{code}/{year}-{serial}"


class Organisation(models.Model):  # type: ignore[django-manager-missing]  # Wagtail's page manager is built at run time
    """A government, department or township that publishes information (发布机构)."""

    name = models.CharField(_("机构全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(
        _("机构类型"), max_length=20, choices=OrganisationKind.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        _("机构代码"),
        max_length=18,
        help_text=_(
            "用于索引号前段码：政府、乡镇街道填12位行政区划代码（如 330703000000）或18位统一社会信用代码；"
            "部门填9位组织机构代码或18位统一社会信用代码。"
        ),
    )
    index_number_format = models.CharField(
        _("索引号格式"),
        max_length=64,
        default=DEFAULT_INDEX_NUMBER_FORMAT,
        help_text=_("可用占位符：{code} 机构代码，{year} 年份，{serial} 流水号。"),
    )
    serial_width = models.PositiveSmallIntegerField(
        _("流水号位数"), default=5, help_text=_("国家目录体系为5位；部分省份使用6位。")
    )
    root_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("所属站点或栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("该机构拥有的站点首页或栏目子树。"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("index_number_format"),
                FieldPanel("serial_width"),
            ],
            heading=_("索引号"),
        ),
        FieldPanel("root_page"),
    ]

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        errors: dict[str, Any] = {}
        try:
            validate_code_for_kind(self.code, self.kind)
        except OrganisationCodeError as exc:
            errors["code"] = str(exc)
        for placeholder in ("{code}", "{year}", "{serial}"):
            if placeholder not in self.index_number_format:
                errors["index_number_format"] = _(
                    "索引号格式必须包含 {code}、{year} 和 {serial}。"
                )
        try:
            # Any other placeholder or a stray brace would fail at the first publish.
            self.index_number_format.format(code="", year="", serial="")
        except (KeyError, IndexError, ValueError):
            errors.setdefault(
                "index_number_format",
                _("索引号格式只能使用 {code}、{year}、{serial} 三个占位符。"),
            )
        if not 3 <= self.serial_width <= 8:
            errors["serial_width"] = _("流水号位数应在3到8之间。")
        if errors:
            raise ValidationError(errors)


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """The site's identity shown in every page header and footer (政府网站发展指引 §3,
    shared/reference/rules.md: 党政机关网站标识, 网站标识码, ICP备案, 公安备案, 主办单位, 联系方式)."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("网站标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("页头左侧的徽标图片；不设置时显示系统自带的标志。"),
    )
    sponsor = models.CharField(_("主办单位"), max_length=100, blank=True)
    organiser = models.CharField(_("承办单位"), max_length=100, blank=True)
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    conac_url = models.URLField(
        _("党政机关网站标识链接"),
        blank=True,
        help_text=_(
            "机构编制部门核发的党政机关网站标识的验证地址（bszs.conac.cn）；为空时页脚不显示该标识。"
        ),
    )
    error_report_url = models.URLField(
        _("“我为政府网站找错”链接"),
        max_length=300,
        blank=True,
        help_text=_(
            "全国政府网站“我为政府网站找错”平台上本网站的地址（含网站标识码）。"
        ),
    )

    class Meta:
        verbose_name = _("网站标识与页脚")

    @property
    def police_record_digits(self) -> str:
        return "".join(ch for ch in self.police_number if ch.isdigit())
