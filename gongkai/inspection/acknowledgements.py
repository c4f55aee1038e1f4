"""严重错别字 on a page's revision must be confirmed by a person before 终审 publishes it.

The hits are the protected-term confusions of spelling.py (the high-confidence ones: a
listed wrong form of a leader's name or a political term). Each distinct wrong form on a
revision needs one TermAcknowledgement; a revision without hits, or whose hits are all
confirmed, passes. editorial's DepartmentReviewTask asks through the
`gongkai_final_approval_error` hook (wagtail_hooks.py), so the refusal is on the server.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from gongkai.editorial.services import can_urgent_publish

from .editor import page_text
from .models import TermAcknowledgement
from .org_terms import checker_for_page
from .spelling import Misspelling, find_misspellings


def severe_hits(revision: Revision) -> list[Misspelling]:
    """The distinct 严重错别字 of the revision's text, in reading order."""
    seen: set[str] = set()
    hits = []
    page = revision.as_object()
    for hit in find_misspellings(page_text(page), checker_for_page(page)):
        if hit.severe and hit.wrong not in seen:
            seen.add(hit.wrong)
            hits.append(hit)
    return hits


def acknowledgements(revision: Revision) -> dict[str, TermAcknowledgement]:
    return {
        ack.wrong: ack
        for ack in TermAcknowledgement.objects.filter(revision=revision).select_related(
            "acknowledged_by"
        )
    }


def unacknowledged_hits(
    revision: Revision, earlier: Revision | None = None
) -> list[Misspelling]:
    """The hits of `revision` nobody confirmed on it (or on `earlier`: see
    direct_publish_error)."""
    confirmed = acknowledgements(revision)
    if earlier is not None:
        confirmed = {**acknowledgements(earlier), **confirmed}
    return [hit for hit in severe_hits(revision) if hit.wrong not in confirmed]


def _current_task(page: Page) -> Any:
    state = page.current_workflow_state
    task_state = state.current_task_state if state else None
    return task_state.task.specific if task_state else None


def can_acknowledge(user: Any, page: Page) -> bool:
    """Who reviews the page's current step, or who may publish it. An author who may only
    edit fixes the text instead: confirming one's own slip would defeat the check."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if can_urgent_publish(user=user, page=page):  # 终审, who may publish it at once
        return True
    task = _current_task(page)
    reviews = getattr(task, "user_can_review", None)
    if reviews is not None and reviews(page, user):
        return True
    return bool(page.permissions_for_user(user).can_publish())


def acknowledge(
    user: Any, page: Page, revision: Revision, wrong: str
) -> TermAcknowledgement:
    """Record that `user` confirmed the hit `wrong` on `revision` (idempotent)."""
    if not can_acknowledge(user, page):
        raise PermissionDenied(_("您没有确认该稿件错别字的权限。"))
    if not page.revisions.filter(pk=revision.pk).exists():
        raise ValidationError(_("该版本不属于这篇稿件。"))
    hit = next((each for each in severe_hits(revision) if each.wrong == wrong), None)
    if hit is None:
        raise ValidationError(_("该版本中没有这处严重错别字，可能已经修改。"))
    existing = TermAcknowledgement.objects.filter(
        revision=revision, wrong=wrong
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return TermAcknowledgement.objects.create(
                revision=revision,
                wrong=hit.wrong,
                correct=hit.correct,
                acknowledged_by=user,
            )
    except IntegrityError:  # a second click raced the first
        return TermAcknowledgement.objects.get(revision=revision, wrong=wrong)


def _listed(hits: list[Misspelling]) -> str:
    return "、".join(f"“{hit.wrong}”（应为“{hit.correct}”）" for hit in hits)


def final_approval_error(
    page: Page, revision: Revision | None, user: Any
) -> str | None:
    """The Wagtail hook gongkai_final_approval_error: refuse 终审 while hits are open.
    Also asked by editorial's 紧急发布, which publishes the latest revision at once."""
    revision = revision or page.get_latest_revision()
    if revision is None:
        return None
    open_hits = unacknowledged_hits(revision)
    if not open_hits:
        return None
    return _(
        "终审未通过：稿件中有未确认的严重错别字%(hits)s。请退回修改，或在页面编辑器的“检查”面板中确认后再审核。"
    ) % {"hits": _listed(open_hits)}


def direct_publish_error(page: Page, revision: Revision) -> str | None:
    """Refuse Wagtail's own 发布 (edit or create view, bypassing the workflow) while hits
    are open. That action saves a new revision and publishes it in one request, so no one
    can have confirmed on it: a confirmation on the revision just before it (the one the
    editor showed with its 确认 button) counts for the same wrong form."""
    earlier = (
        page.revisions.exclude(pk=revision.pk)
        .filter(created_at__lte=revision.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )
    open_hits = unacknowledged_hits(revision, earlier)
    if not open_hits:
        return None
    return _(
        "未发布：稿件中有未确认的严重错别字%(hits)s，已保存为草稿。请修改，或在页面编辑器的“检查”面板中确认后再发布。"
    ) % {"hits": _listed(open_hits)}
