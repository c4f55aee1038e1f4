"""政策文件 (policy documents) and the rule that they are published with an interpretation.

The 三同步 rule (政策文件与解读方案、解读材料同步组织、同步审签、同步部署; 中办发〔2014〕21号,
applied in Zhejiang by 浙委发〔2016〕5号; shared/reference/rules.md, 解读回应): a column marked
`requires_interpretation` publishes a policy document only when at least one published
interpretation links to it, or with a written reason why it is not interpreted. Withdrawn or
repealed documents are marked on their own page (same digest, 文件资料: "mark the original page").
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock
from .models import DisclosurePage, DisclosurePageForm

PUBLISHING_ACTIONS = ("action-publish", "action-submit")


def interpretation_requirement_error(
    *, requires_interpretation: bool, interpretation_count: int, reason: str
) -> str | None:
    """The Chinese error when a policy document may not be published yet, else None (pure)."""
    if not requires_interpretation or interpretation_count > 0 or reason.strip():
        return None
    return str(
        _(
            "本栏目要求政策文件与解读同步发布：请先发布至少一篇关联本文件的解读，或填写“不解读的理由”。"
        )
    )


def validity_date_error(*, is_invalid: bool, invalid_on: Any) -> str | None:
    """失效/废止 needs its date; a valid document has none (pure)."""
    if is_invalid and invalid_on is None:
        return str(_("文件已失效或废止时，请填写失效/废止日期。"))
    if not is_invalid and invalid_on is not None:
        return str(_("只有失效或废止的文件才填写失效/废止日期。"))
    return None


class PolicyDocumentForm(DisclosurePageForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if any(self.data.get(action) for action in PUBLISHING_ACTIONS):
            error = self.instance.interpretation_error(
                column=getattr(self, "parent_page", None),
                reason=cleaned.get("no_interpretation_reason") or "",
            )
            if error:
                self.add_error("no_interpretation_reason", error)
        return cleaned


class PolicyDocumentPage(DisclosurePage):
    """政策文件: a normative or policy document with its dates, validity and interpretations."""

    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    invalid_on = models.DateField(_("失效/废止日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        DisclosurePage,
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("文件失效或废止后，替代它的新文件。"),
    )
    no_interpretation_reason = models.TextField(
        _("不解读的理由"),
        blank=True,
        help_text=_("栏目要求同步解读而本文件不作解读时，须填写理由。"),
    )

    base_form_class = PolicyDocumentForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        *DisclosurePage.metadata_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("effective_on"), FieldPanel("invalid_on")]),
                FieldPanel("replaced_by"),
                FieldPanel("no_interpretation_reason"),
            ],
            heading=_("政策文件"),
        ),
    ]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("body")]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []
    template = "catalog/policy_document_page.html"

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def clean(self) -> None:
        super().clean()
        error = validity_date_error(
            is_invalid=self.is_invalid, invalid_on=self.invalid_on
        )
        if error:
            raise ValidationError({"invalid_on": error})
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("替代文件不能是本文件自身。")})

    def interpretation_error(self, *, column: Page | None, reason: str) -> str | None:
        """The 三同步 rule for this document in `column` with this reason (the form's or a revision's)."""
        return interpretation_requirement_error(
            requires_interpretation=bool(
                getattr(
                    getattr(column, "specific", None), "requires_interpretation", False
                )
            ),
            interpretation_count=self.get_interpretations().count() if self.pk else 0,
            reason=reason or "",
        )

    def publication_error(self, revision: Any = None) -> str | None:
        """Why this document may not go live now (the 三同步 rule), or None."""
        obj = revision.as_object() if revision is not None else self
        return self.interpretation_error(
            column=self.get_parent(), reason=obj.no_interpretation_reason
        )

    def publish(self, revision: Any, *args: Any, **kwargs: Any) -> Any:
        # The last guard, for every path that publishes (editor, workflow, urgent, schedule).
        error = self.publication_error(revision)
        if error:
            raise ValidationError(error)
        return super().publish(revision, *args, **kwargs)
