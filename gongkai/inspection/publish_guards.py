"""严重错别字 also blocks the paths that publish around the workflow's 终审: Wagtail's own 发布
in the page editor (a user granted the publish permission) and the explorer's bulk 发布.
(editorial's 紧急发布 asks the gongkai_final_approval_error hook itself.) Wagtail hooks,
registered in wagtail_hooks.py; each answers a redirect with the reason, or None.
Below them, `refuse_unconfirmed_publish` stops every other publish (scheduled go-live,
`revision.publish()` in code)."""

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from wagtail.models import Page, Revision

from .acknowledgements import direct_publish_error, unacknowledged_hits
from .editor import page_text
from .org_terms import checker_for_page
from .spelling import find_misspellings

logger = logging.getLogger(__name__)


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
        "请修改，或在页面编辑器的“检查”面板中确认后再发布。",
    )
    return redirect(action.next_url)


# -- The last guard: every path that makes a revision live ----------------------------
#
# Wagtail 8 has no pre-publish hook or signal: the editor's 发布 calls
# PublishPageRevisionAction itself, `revision.publish()` (scheduled go-live, workflow,
# code) goes through Page.publish to the same action, and the action's only step every
# path shares before the page is live is `object.save()` with `live=True` and the new
# `live_revision`. So the guard is a pre_save receiver (connected in apps.py for every
# page model): raising there leaves the page as it was (the scheduler's and the views'
# transactions roll back the rest of the action). The paths above it (终审, 发布, bulk
# 发布, 紧急发布) refuse earlier with their own messages; this one catches the rest.


def publish_refusal(page: Page, revision: Revision) -> str | None:
    """Why `revision` may not go live now: the rule of Wagtail's 发布 (a confirmation on
    the revision or on the one just before it counts), so anything the earlier guards
    let through passes here too."""
    error = direct_publish_error(page, revision)
    if error is None:
        return None
    return error.replace("，已保存为草稿。", "，该版本未上线。", 1)


def refuse_unconfirmed_publish(
    sender: Any,
    instance: Any,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    """pre_save of a page: refuse to make a revision with an unconfirmed 严重错别字 live."""
    if raw or not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and "live_revision" not in update_fields:
        return
    revision_id = instance.live_revision_id
    if revision_id is None or instance.pk is None:
        return
    stored = (
        Page.objects.filter(pk=instance.pk)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    if stored == revision_id:  # not a publish: the live revision stays
        return
    # The object being saved is the revision's content (the action's revision.as_object()):
    # scan it first, so a clean publish costs no more queries than finding its checker
    # (one when no organisation has an enabled 保护词, three otherwise: org_terms.py).
    if not any(
        hit.severe
        for hit in find_misspellings(page_text(instance), checker_for_page(instance))
    ):
        return
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return
    error = publish_refusal(instance, revision)
    if error is None:
        return
    # Page.save is atomic, so nothing written here would outlive the refusal: the caller
    # records it (the scheduler: a 定时发布未执行 entry in the page's history; the
    # portal import: the item's 需处理 reasons); the process log gets this line.
    logger.warning(
        "未发布页面 %s（ID %s）的版本 %s：%s",
        instance.title,
        instance.pk,
        revision_id,
        error,
    )
    raise ValidationError(error)
