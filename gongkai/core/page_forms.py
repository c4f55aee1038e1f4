"""The base form of every page type: apps check the submitted content in one place.

Wagtail builds each page type's edit form from its `base_form_class`. gongkai sets
`ContentCheckedPageForm` on every page type that keeps Wagtail's default (at start-up,
`use_checked_form_everywhere`), and a system check fails for a page type whose own form
does not extend it. So every field of every page type — rich text, StreamField, any
future field with references — goes through the `check_page_form_content` hooks
(gongkai.editorial: another department's documents, images and drafts referenced by
id), without a list of fields or page types to keep up to date.
"""

from typing import Any

from django.core.checks import Error, register
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, get_page_models


class ContentCheckedPageForm(WagtailAdminPageForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = getattr(self, "for_user", None)
        # Apps refuse content the user may not use; the typed content stays in the form.
        for hook in hooks.get_hooks("check_page_form_content"):
            for field, message in hook(
                user=user, instance=self.instance, cleaned_data=cleaned
            ).items():
                # On the field (its block) and at the top: Wagtail shows a StreamField's
                # error inside the block editor only, easy to miss in a long body.
                if field in self.fields:
                    self.add_error(field, message)
                self.add_error(None, message)
        return cleaned


def use_checked_form_everywhere() -> None:
    """Give every page type still on Wagtail's default form the checked one.

    Runs in CoreConfig.ready(), before any edit form is built. wagtail.admin sets
    Page.base_form_class in its own ready(), which may run later: the class attribute is
    therefore set on each page type, not on Page."""
    for model in get_page_models():
        if model is Page:  # wagtail.admin sets its own; only subclasses are ours to set
            continue
        current = getattr(model, "base_form_class", None)
        if current is None or current is WagtailAdminPageForm:
            model.base_form_class = ContentCheckedPageForm


@register()
def page_forms_are_checked(app_configs: Any, **kwargs: Any) -> list[Error]:
    return [
        Error(
            f"{model.__module__}.{model.__name__}.base_form_class 未继承 ContentCheckedPageForm：其内容引用不受机构隔离检查。",
            hint="让该页面类型的表单继承 gongkai.core.page_forms.ContentCheckedPageForm。",
            obj=model,
            id="gongkai_core.E001",
        )
        for model in get_page_models()
        if model is not Page
        and not issubclass(
            getattr(model, "base_form_class", None) or WagtailAdminPageForm,
            ContentCheckedPageForm,
        )
    ]
