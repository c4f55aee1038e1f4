"""Disclosure metadata on content items, taxonomies and the index-number registry."""

from typing import Any, Self

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from gongkai.core.page_forms import ContentCheckedPageForm

from .blocks import BodyBlock
from .enums import DisclosureMethod, GenreGroup, InterpretationKind, Validity
from .slugs import dated_slug


class Topic(models.Model):  # type: ignore[django-manager-missing]  # Wagtail's page manager is built at run time
    """主题分类: the State Council's themes (一级) and sub-themes (二级)."""

    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级主题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unique_topic_per_parent"
            )
        ]

    def __str__(self) -> str:
        # Shown as 一级\二级, the form used by the national policy library.
        parent = self.parent
        return f"{parent.name}\\{self.name}" if parent is not None else self.name

    @property
    def reader_label(self) -> str:
        """主题分类 as readers see it on pages and in open data: 一级 > 二级 (issue #16)."""
        parent = self.parent
        return f"{parent.name} > {self.name}" if parent is not None else self.name


class Genre(models.Model):  # type: ignore[django-manager-missing]  # Wagtail's page manager is built at run time
    """体裁分类: the 15 公文 kinds and the portal genres (会议, 新闻, 解读 ...)."""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    group = models.CharField(_("类别"), max_length=20, choices=GenreGroup.choices)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("体裁分类")
        verbose_name_plural = _("体裁分类")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class DisclosurePageForm(ContentCheckedPageForm):  # content checked by apps' hooks
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "publisher" in self.fields:
            self.fields["publisher"].error_messages["required"] = _(
                "请选择发布机构：每条公开信息都必须注明发布机构。"
            )
        user = getattr(self, "for_user", None)
        if "publisher" in self.fields and user is not None:
            self._limit_publishers(user)
        if not self.instance.pk and not self.is_bound:
            self._preset_new_item(user)
        if "interprets" in self.fields and user is not None and not user.is_superuser:
            # A department links only to published items or to drafts it may see itself,
            # never to another department's drafts (editorial isolation).
            from wagtail.permission_policies.pages import PagePermissionPolicy

            explorable = PagePermissionPolicy().explorable_instances(user).values("pk")
            self.fields["interprets"].queryset = self.fields[
                "interprets"
            ].queryset.filter(models.Q(live=True) | models.Q(pk__in=explorable))

    def _preset_new_item(self, user: Any) -> None:
        # A fresh form is valid as soon as a title is typed, so Wagtail's autosave does not
        # answer "validation errors" before the editor has done anything (issue #16).
        parent = self.parent_page
        if (
            "slug" in self.fields
            and parent is not None
            and not self.initial.get("slug")
        ):
            siblings = parent.get_children().filter(slug__regex=r"^[0-9]{8}-[0-9]+$")
            self.initial["slug"] = dated_slug(
                timezone.localdate(), siblings.values_list("slug", flat=True)
            )
        if (
            "publisher" in self.fields
            and user is not None
            and not self.initial.get("publisher")
        ):
            # Apps propose the organisation the item is written for (gongkai.editorial: the
            # column's department when the user works for it, else the user's only one).
            choices = self.fields["publisher"].queryset
            for hook in hooks.get_hooks("default_publisher"):
                organisation = hook(user=user, parent_page=parent, choices=choices)
                if organisation is not None:
                    self.initial["publisher"] = organisation.pk
                    break

    def _limit_publishers(self, user: Any) -> None:
        # Apps narrow the organisations a user may publish as (gongkai.editorial: their own).
        field = self.fields["publisher"]
        queryset = field.queryset
        for hook in hooks.get_hooks("construct_publisher_queryset"):
            queryset = hook(queryset, user, self.instance)
        field.queryset = queryset
        field.error_messages["invalid_choice"] = _(
            "您不能以该机构的名义发布信息，请选择本机构。"
        )


class DisclosurePage(Page):
    """A content item with its disclosure metadata (公开目录 entry).

    Concrete so that every item of every kind lives in one table: one query lists a
    column, and the index number is unique across the installation in the database.
    """

    publisher = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("发布机构"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    genre = models.ForeignKey(
        Genre,
        verbose_name=_("体裁分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    disclosure_method = models.CharField(
        _("公开方式"),
        max_length=20,
        choices=DisclosureMethod.choices,
        default=DisclosureMethod.PROACTIVE,
    )
    published_at = models.DateTimeField(
        _("发布时间"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("留空则取首次发布的时间。"),
    )
    source = models.CharField(_("信息来源"), max_length=100, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=20, choices=Validity.choices, blank=True
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), max_length=500, blank=True)
    change_note = models.TextField(
        _("修改说明"),
        blank=True,
        help_text=_("信息发布后修改的，可在此向公众说明修改内容，显示在页面上。"),
    )
    index_number = models.CharField(
        _("信息索引号"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("首次发布时由系统分配，之后不再改变。"),
    )

    base_form_class = DisclosurePageForm
    is_creatable = False
    exclude_fields_in_copy = ["index_number"]

    metadata_panels: list[Panel] = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        # A list of the organisations the form allows (DisclosurePageForm),
                        # not the snippet chooser, which would offer every organisation.
                        FieldPanel("publisher", widget=forms.Select),
                        FieldPanel("disclosure_method"),
                    ]
                ),
                FieldRowPanel([FieldPanel("genre"), FieldPanel("topic")]),
                FieldRowPanel([FieldPanel("published_at"), FieldPanel("source")]),
                FieldRowPanel(
                    [
                        FieldPanel("document_number"),
                        FieldPanel("written_on"),
                        FieldPanel("validity"),
                    ]
                ),
                FieldPanel("keywords"),
                FieldPanel("summary"),
                FieldPanel("change_note"),
            ],
            heading=_("公开属性"),
        )
    ]
    search_fields: list[index.BaseField] = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("summary"),
        index.SearchField("keywords"),
        index.FilterField("published_at"),
        index.FilterField("publisher"),
    ]

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Self:
        instance = super().from_db(db, field_names, values)
        # __dict__, not getattr: a deferred field must not cost a query per row.
        instance._issued_index_number = instance.__dict__.get("index_number")
        return instance

    @property
    def published_on(self) -> Any:
        """发布日期: the local date of 发布时间."""
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def is_invalid(self) -> bool:
        return self.validity in (Validity.EXPIRED, Validity.REPEALED)

    def with_content_json(self, content: dict[str, Any]) -> Any:
        # Revisions are saved before the number is issued; publishing an old revision
        # must never remove or replace the issued index number.
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        obj._issued_index_number = getattr(
            self, "_issued_index_number", self.index_number
        )
        return obj

    def get_interpretations(self) -> models.QuerySet["InterpretationPage"]:
        return self.interpretations.live().public().order_by("-published_at")


class ArticlePage(DisclosurePage):
    """文章: news, meeting report or notice, with its headline lines (引题/主题/副题)."""

    kicker = models.CharField(_("引题"), max_length=200, blank=True)
    headline = models.CharField(_("主题"), max_length=255, blank=True)
    subtitles = models.TextField(_("副题"), blank=True, help_text=_("每行一个副题。"))
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)
    byline = models.CharField(
        _("署名"), max_length=200, blank=True, help_text=_("如：（记者 张三）")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kicker"), FieldPanel("headline"), FieldPanel("subtitles")],
            heading=_("标题行"),
        ),
        FieldPanel("body"),
        FieldPanel("byline"),
        *DisclosurePage.metadata_panels,
    ]
    search_fields = [
        *DisclosurePage.search_fields,
        index.SearchField("kicker"),
        index.SearchField("headline"),
        index.SearchField("subtitles"),
        index.SearchField("body"),
    ]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []
    template = "catalog/article_page.html"

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")

    @property
    def subtitle_lines(self) -> list[str]:
        return [line.strip() for line in self.subtitles.splitlines() if line.strip()]


class InterpretationPage(DisclosurePage):
    """解读: a text, graphic (图解) or video interpretation of one or more items."""

    kind = models.CharField(
        _("解读形式"),
        max_length=20,
        choices=InterpretationKind.choices,
        default=InterpretationKind.TEXT,
    )
    interprets = ParentalManyToManyField(
        DisclosurePage,
        verbose_name=_("解读对象"),
        related_name="interpretations",
        blank=True,
    )
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("interprets"),
        FieldPanel("body"),
        *DisclosurePage.metadata_panels,
    ]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("body")]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []
    template = "catalog/interpretation_page.html"

    class Meta:
        verbose_name = _("解读")
        verbose_name_plural = _("解读")

    def get_interpreted_items(self) -> models.QuerySet[DisclosurePage]:
        return self.interprets.live().public().order_by("-published_at")


class IndexNumber(models.Model):
    """Every index number ever issued or imported: a number is never given out twice,
    also after its item is deleted."""

    number = models.CharField(_("索引号"), max_length=64, unique=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年份"), null=True)
    serial = models.PositiveIntegerField(_("流水号"), null=True)
    page = models.ForeignKey(
        DisclosurePage,
        verbose_name=_("信息"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_imported = models.BooleanField(_("导入"), default=False)
    issued_at = models.DateTimeField(_("分配时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已分配索引号")
        verbose_name_plural = _("已分配索引号")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class IndexNumberCounter(models.Model):
    """The last serial issued for an organisation in a year; rows are locked to allocate."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引号计数器")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="unique_counter_per_org_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_serial}"


# Policy documents live in their own module; imported here so that Django registers the model.
from .policy import PolicyDocumentPage  # noqa: E402, F401
