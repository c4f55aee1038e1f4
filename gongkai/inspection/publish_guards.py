"""严重错别字 also blocks the paths that publish around the workflow's 终审: Wagtail's own 发布
in the page editor (a user granted the publish permission) and the explorer's bulk 发布.
(editorial's 紧急发布 asks the gongkai_final_approval_error hook itself.) Wagtail hooks,
registered in wagtail_hooks.py; each answers a redirect with the reason, or None.
Below them, `refuse_unconfirmed_publish` stops every other publish (scheduled go-live,
`revision.publish()` in code)."""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.shortcuts import redirect
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision

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
    # Page.save is atomic, so nothing written here would outlive the refusal: it is kept
    # in memory and written to the page's history after the rollback (flush_refusals);
    # the scheduler and the portal import also record it themselves.
    _remember(
        Refusal(instance.pk, revision_id, error, timezone.now(), _database_name())
    )
    logger.warning(
        "未发布页面 %s（ID %s）的版本 %s：%s",
        instance.title,
        instance.pk,
        revision_id,
        error,
    )
    raise ValidationError(error)


# -- The record of a refusal ------------------------------------------------------------
#
# The guard runs inside the refused save's transaction, which the refusal rolls back, and
# Django has no on-rollback callback: a row written there would vanish with the page's.
# So the refusal waits in the process's memory and is written to the page's history
# (PageLogEntry “发布未执行”, REFUSED_ACTION) by `flush_refusals`, called where no
# refused transaction is open any more: when a request ends (request_finished), on each
# round of the probe loop of `gongkai worker` / `gongkai serve`, and when the process
# exits (atexit: a script or `gongkai shell` calling revision.publish()). A process
# killed outright loses it; the log line above stays. The stored inspection run then
# lists every page whose refused publish was not followed by a publish (the 公开办's
# 网站自查, `selectors.open_publish_refusals`). The scheduler's own 定时发布未执行 entry
# counts: the flush does not write a second one for the same refusal.

REFUSED_ACTION = "gongkai.publish.refused"
SCHEDULE_REFUSED_ACTION = "gongkai.schedule.refused"  # written by editorial.schedule


@dataclass(frozen=True)
class Refusal:
    page_id: int
    revision_id: int
    reason: str
    at: datetime
    # The database it happened in: a test run's refusals are not written at exit, when
    # the connection points at the real database again.
    database: str = ""


# The process's refusals not yet written (any thread's: the probe loop's round writes
# those of the schedule thread, which the scheduler has recorded already).
_pending: list[Refusal] = []
_pending_lock = threading.Lock()


def _database_name() -> str:
    return str(connection.settings_dict.get("NAME", ""))


def _remember(refusal: Refusal) -> None:
    with _pending_lock:
        _pending.append(refusal)


def flush_refusals(**kwargs: Any) -> int:
    """Write the process's pending refusals to their pages' history; the entries written.
    A refusal whose page or revision is gone, or already recorded by the scheduler, or
    whose revision went live meanwhile (confirmed, then published), is dropped."""
    with _pending_lock:
        refusals = list(_pending)
        _pending.clear()
    written = 0
    for refusal in refusals:
        try:
            written += _write(refusal)
        except Exception:  # e.g. at exit with the database gone: the log has the line
            logger.exception("could not record the refused publish of %s", refusal)
    return written


def _write(refusal: Refusal) -> int:
    if refusal.database != _database_name():
        return 0
    page = Page.objects.filter(pk=refusal.page_id).first()
    revision = Revision.page_revisions.filter(
        pk=refusal.revision_id, object_id=str(refusal.page_id)
    ).first()
    if page is None or revision is None or revision.created_at > refusal.at:
        return 0
    if page.live_revision_id == revision.pk:
        return 0
    recorded = PageLogEntry.objects.filter(
        page_id=page.pk,
        action__in=(REFUSED_ACTION, SCHEDULE_REFUSED_ACTION),
        timestamp__gte=refusal.at,
    )
    if recorded.exists():
        return 0
    log(
        page.specific_deferred,
        REFUSED_ACTION,
        revision=revision,
        data={"reason": refusal.reason},
    )
    return 1
