"""严重错别字 also blocks the paths that publish around the workflow's 终审: Wagtail's own 发布
in the page editor (a user granted the publish permission) and the explorer's bulk 发布.
(editorial's 紧急发布 asks the gongkai_final_approval_error hook itself.) Wagtail hooks,
registered in wagtail_hooks.py; each answers a redirect with the reason, or None."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.models import Page

from .acknowledgements import direct_publish_error, unacknowledged_hits


def before_publish_page(request, page):  # the Wagtail hook
    """Wagtail's 发布 in the editor (a user with the publish permission, no workflow): the
    form is saved as a new revision; refuse to publish it while a 严重错别字 is open."""

    revision = page.get_latest_revision()
    error = direct_publish_error(page, revision) if revision is not None else None
    if error:
        messages.error(request, error)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


def before_bulk_action(request, action_type, objects, action):  # the Wagtail hook
    """The explorer's bulk 发布 publishes each page's latest revision (and, when asked, its
    draft descendants' as Wagtail does): refused while any has an unconfirmed hit."""
    if action_type != "publish" or not getattr(action, "models", None):
        return None
    if not issubclass(action.models[0], Page):
        return None
    pages = list(objects)
    form = getattr(action, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in list(pages):
            pages += list(page.get_descendants().not_live().specific())
    blocked = []
    for page in pages:
        revision = page.get_latest_revision()
        if revision is not None and unacknowledged_hits(revision):
            blocked.append(f"“{page.get_admin_display_title()}”")
    if not blocked:
        return None
    messages.error(
        request,
        f"未发布：{'、'.join(blocked)}中有未确认的严重错别字。"
        "请修改，或在页面编辑器的检查提示中确认后再发布。",
    )
    return redirect(action.next_url)
