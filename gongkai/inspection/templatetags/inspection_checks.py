"""The page's own findings in Wagtail's 检查 (checks) side panel of the page editor."""

from typing import Any

from django import template

from ..editor import checks_panel

register = template.Library()


@register.inclusion_tag("inspection/checks_panel.html", takes_context=True)
def inspection_checks(context: Any) -> dict[str, Any]:
    request = context.get("request")
    page = context.get("page")  # only the page editor's panel has one (not snippets)
    panel = checks_panel(request, page) if request is not None else None
    return {"panel": panel}
