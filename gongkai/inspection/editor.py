"""The page's own findings, shown in the page editor before it is published: 严重错别字,
疑似漏字 and 疑似错别字 (the statistical check: a warning that never blocks) in its text
fields, missing 公开目录 metadata. Checked on the latest saved revision
(the draft the editor is working on), with no published tree and no other page."""

from typing import Any

from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from gongkai.catalog.models import DisclosurePage
from gongkai.catalog.policy import PolicyDocumentPage

from .links import parse_html
from .metadata import ItemFacts, missing_fields
from .org_terms import checker_for_page
from .site_spelling import distinct, site_suspects, suspect_message
from .spelling import PROTECTED_TERMS, find_misspellings

TEXT_FIELDS = (models.CharField, models.TextField, RichTextField)
SKIPPED = {"slug", "url_path", "draft_title", "path", "latest_revision_created_at"}


def page_text(page: Page) -> str:
    """The visible text of the page's own text fields (rich text and streams as text)."""
    parts = []
    for field in page._meta.get_fields():
        if field.name in SKIPPED or not getattr(field, "concrete", False):
            continue
        if isinstance(field, TEXT_FIELDS) and not field.choices:
            value = getattr(page, field.attname, "") or ""
            parts.append(parse_html(value).text if "<" in value else value)
        elif isinstance(field, StreamField):
            value = getattr(page, field.attname)
            parts.append(parse_html(str(value.render_as_block())).text if value else "")
    return "\n".join(part for part in parts if part)


def editor_findings(page: Page) -> list[tuple[str, str]]:
    """(category, message) pairs for the editor, most serious first."""
    draft = page.get_latest_revision_as_object() if page.pk else page
    found: list[tuple[str, str]] = []
    seen = set()
    text = page_text(draft)
    checker = checker_for_page(page)
    for wrong in find_misspellings(text, checker):
        if wrong.wrong in seen:
            continue
        seen.add(wrong.wrong)
        if wrong.severe:
            found.append(
                (
                    "严重错别字",
                    f"“{wrong.wrong}”应为“{wrong.correct}”（…{wrong.context}…）",
                )
            )
        else:
            found.append(("疑似漏字", f"“{wrong.wrong}”（…{wrong.context}…）"))
    # The statistical check (statistical_spelling.py): warnings only, never a block.
    for suspect in distinct(site_suspects(text, checker)):
        found.append(("疑似错别字", suspect_message(suspect)))
    found.sort(key=lambda pair: pair[0] != "严重错别字")
    if isinstance(draft, DisclosurePage):
        is_policy = isinstance(draft, PolicyDocumentPage)
        values: dict[str, object] = {
            "index_number": draft.index_number,
            "published_at": draft.published_at or draft.first_published_at,
            "genre": draft.genre_id,
            "topic": draft.topic_id,
        }
        if is_policy:
            values.update(
                document_number=draft.document_number, written_on=draft.written_on
            )
        facts = ItemFacts(draft.pk, draft.title, "", is_policy, values)
        missing = missing_fields(facts)
        if draft.first_published_at is None:  # both are given at the first publish
            missing = [
                label for label in missing if label not in ("索引号", "发布时间")
            ]
        if missing:
            found.append(("缺少元数据", "、".join(missing)))
    return found


def _protected_term(correct: str) -> str:
    """The protected term a listed wrong form belongs to (a correction such as 李强总理
    is the term with its context word)."""
    return next((term for term in PROTECTED_TERMS if term in correct), correct)


def checks_panel(request, page: Page | None) -> dict[str, Any] | None:
    """What the 检查 side panel shows of the page's own findings (inspection's part of
    Wagtail's checks panel: templates/wagtailadmin/shared/side_panels/checks.html):
    each 严重错别字 of the latest revision with its correction, confidence, rule and
    确认 state, then the other findings. None for a page not saved yet (no revision)."""
    from django.utils import timezone

    from .ack_views import acknowledge_url
    from .acknowledgements import acknowledgements, can_acknowledge, severe_hits

    if page is None or not page.pk:
        return None
    page = Page.objects.get(pk=page.pk).specific  # the stored page, not the draft copy
    revision = page.get_latest_revision()
    if revision is None:
        return None
    confirmed = acknowledgements(revision)
    may_confirm = can_acknowledge(request.user, page)
    hits = []
    for hit in severe_hits(revision):
        ack = confirmed.get(hit.wrong)
        hits.append(
            {
                "wrong": hit.wrong,
                "correct": hit.correct,
                "context": hit.context,
                "term": _protected_term(hit.correct),
                "confirmed_by": ack.acknowledged_by.get_username() if ack else None,
                "confirmed_at": timezone.localtime(ack.acknowledged_at)
                if ack
                else None,
            }
        )
    others = [pair for pair in editor_findings(page) if pair[0] != "严重错别字"]
    return {
        "hits": hits,
        "others": others,
        "count": len(hits) + len(others),
        "open": sum(1 for hit in hits if hit["confirmed_by"] is None),
        "may_confirm": may_confirm,
        "acknowledge_url": acknowledge_url(page),
    }


def _is_final_approval(request, page: Page) -> bool:
    """The edit form posted with 通过 on the workflow's last step (which publishes)."""
    if request.POST.get("workflow-action-name") != "approve":
        return False
    state = page.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None:
        return False
    last = state.workflow.workflow_tasks.order_by("-sort_order").first()
    return last is not None and last.task_id == task_state.task_id


def before_edit_page(request, page):  # the Wagtail hook
    """Refuse 通过 at 终审 while a hit is open, with the reason in Chinese; on GET, for a
    page type without Wagtail's checks panel (not previewable), show the findings above
    the form, each 严重错别字 with its 确认 state and button.

    The refusal that counts is the task's own (editorial DepartmentReviewTask.on_action,
    through the gongkai_final_approval_error hook); this one is earlier, so the reviewer
    reads why instead of Wagtail's generic "no permission"."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils import timezone
    from wagtail.admin import messages as admin_messages

    from .ack_views import acknowledge_url
    from .acknowledgements import (
        acknowledgements,
        can_acknowledge,
        final_approval_error,
        severe_hits,
    )

    page = page.specific
    if request.method == "POST":
        if _is_final_approval(request, page):
            error = final_approval_error(
                page,
                page.current_workflow_state.current_task_state.revision,
                request.user,
            )
            if error:
                messages.error(request, error)
                return redirect("wagtailadmin_pages:edit", page.pk)
        return None
    if page.is_previewable():
        # Wagtail's page editor shows its 检查 (checks) side panel for every previewable
        # page; the findings are there (checks_panel). A page type without preview has
        # no checks panel and no hook to add a side panel of our own (Wagtail 8), so
        # its findings stay above the form as messages.
        return None
    revision = page.get_latest_revision() if page.pk else None
    confirmed = acknowledgements(revision) if revision else {}
    may_confirm = revision is not None and can_acknowledge(request.user, page)
    for category, message in editor_findings(page):
        if category != "严重错别字" or revision is None:
            level = messages.ERROR if category == "严重错别字" else messages.WARNING
            messages.add_message(request, level, f"网站自查·{category}：{message}")
    for hit in severe_hits(revision) if revision else []:
        message = f"“{hit.wrong}”应为“{hit.correct}”（…{hit.context}…）"
        ack = confirmed.get(hit.wrong)
        if ack:
            messages.warning(
                request,
                f"网站自查·严重错别字（已确认：{ack.acknowledged_by.get_username()}，"
                f"{timezone.localtime(ack.acknowledged_at):%Y-%m-%d %H:%M}）：{message}",
            )
        elif may_confirm:
            admin_messages.error(
                request,
                f"网站自查·严重错别字（未确认，终审前须修改或确认）：{message}",
                buttons=[admin_messages.button(acknowledge_url(page), "确认")],
            )
        else:
            messages.error(
                request,
                f"网站自查·严重错别字（未确认，终审前须修改或由审核人确认）：{message}",
            )
    return None
