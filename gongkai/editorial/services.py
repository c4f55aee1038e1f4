"""Writes of editorial governance: urgent publishing, its review, withdrawal."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page

from .departments import user_has_role_for_page
from .enums import OVERSIGHT_ROLES, Role, WithdrawalReason
from .models import UrgentPublication, final_approval_error

MIN_REASON_LENGTH = 4


def can_urgent_publish(*, user: Any, page: Page) -> bool:
    return user.is_superuser or user_has_role_for_page(user, page, Role.FINAL_APPROVER)


def can_withdraw(*, user: Any, page: Page) -> bool:
    if user.is_superuser or page.permissions_for_user(user).can_unpublish():
        return True
    return user_has_role_for_page(user, page, *OVERSIGHT_ROLES)


def _clean_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if len(value) < MIN_REASON_LENGTH:
        raise ValidationError(message)
    return value


@transaction.atomic
def urgent_publish(*, page: Page, user: Any, reason: str) -> UrgentPublication:
    """紧急发布: publish the latest revision at once, skipping the workflow.

    Only a final approver (终审) of the page's organisation may do it, with a written reason;
    the item then waits in the review list (紧急发布事后审核) until someone else reviews it.
    """
    if not can_urgent_publish(user=user, page=page):
        raise PermissionDenied(_("只有本机构的终审人员可以紧急发布。"))
    reason = _clean_text(
        reason, _("请填写紧急发布的理由（至少%(n)d个字）。") % {"n": MIN_REASON_LENGTH}
    )
    page = page.specific
    revision = page.get_latest_revision() or page.save_revision(user=user)
    # The checks of the last 审 step (e.g. inspection's unconfirmed 严重错别字) hold here too.
    error = final_approval_error(page, revision, user)
    if error:
        raise ValidationError(error)
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    urgent = UrgentPublication.objects.create(
        page=page, published_by=user, reason=reason
    )
    log(page, "gongkai.urgent_publish", user=user, data={"reason": reason})
    return urgent


@transaction.atomic
def review_urgent_publication(
    *, urgent: UrgentPublication, user: Any, note: str = ""
) -> None:
    """Close an urgent publication after the fact; the publisher cannot review their own."""
    if urgent.is_reviewed:
        raise ValidationError(_("该紧急发布已审核。"))
    if urgent.published_by_id == user.pk:
        raise PermissionDenied(_("紧急发布须由发布人以外的人员事后审核。"))
    page = urgent.page
    if not (user.is_superuser or user_has_role_for_page(user, page, *OVERSIGHT_ROLES)):
        raise PermissionDenied(_("只有本机构的终审或公开办人员可以审核紧急发布。"))
    urgent.reviewed_by = user
    urgent.reviewed_at = timezone.now()
    urgent.review_note = (note or "").strip()
    urgent.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    log(page, "gongkai.urgent_review", user=user, data={"note": urgent.review_note})


@transaction.atomic
def withdraw_page(*, page: Page, user: Any, reason: str, note: str = "") -> None:
    """撤稿: unpublish with a reason kind (误发 / 已被替代 / 已过期), logged for audit."""
    if not can_withdraw(user=user, page=page):
        raise PermissionDenied(_("您没有撤回该信息的权限。"))
    if reason not in WithdrawalReason.values:
        raise ValidationError(_("请选择撤回原因。"))
    if not page.live:
        raise ValidationError(_("该信息未发布，无需撤回。"))
    UnpublishPageAction(page.specific, user=user).execute(skip_permission_checks=True)
    log(
        page,
        "gongkai.withdraw",
        user=user,
        data={
            "reason": reason,
            "reason_label": str(WithdrawalReason(reason).label),
            "note": (note or "").strip(),
        },
    )
