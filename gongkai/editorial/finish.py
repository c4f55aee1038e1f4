"""The finish action of workflows; imported by wagtail.models, so it imports no models."""

from typing import Any


def publish_approved_workflow_state(workflow_state: Any, user: Any = None) -> None:
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish the item once its last step is approved.

    Wagtail's own finish action publishes as the last approver and demands that they hold
    the publish permission; here no group holds it (publishing only through review), so the
    approved workflow itself is the authority and the permission check is skipped.
    """
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
